package io.ferry.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes metrics for the node exporter's textfile collector, which reads every {@code *.prom} file
 * in its directory: to a temporary file beside it, then renamed into place, so that the collector
 * never reads half a file.
 */
public final class MetricsFile {

    private MetricsFile() {
    }

    /**
     * @param file the {@code .prom} file
     * @param text the metrics
     */
    public static void write(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file + ": " + e.getMessage()
                    + "; check that the directory exists and is writable", e);
        }
    }
}
