package io.ferry.report;

import io.ferry.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes metrics for the node exporter's textfile collector, which reads every {@code *.prom} file
 * in its directory: to a temporary file beside it, then renamed into place, so that the collector
 * never reads half a file. The file is readable by its owner only, like every file Ferry writes: run
 * the collector as the same user, or scrape {@code --metrics-port} instead.
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
            PrivateFiles.replace(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file + ": " + e.getMessage()
                    + "; check that the directory exists and is writable", e);
        }
    }
}
