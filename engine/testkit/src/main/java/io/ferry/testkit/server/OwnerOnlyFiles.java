package io.ferry.testkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the files the emulators leave for their clients (a kubeconfig, a CA file, a pid file, a
 * connection file) readable by their owner alone, whatever the umask: the text goes to a new file
 * created owner-only beside the target, which then replaces the target in one move, so that no
 * reader ever sees it half written or with wider permissions.
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /**
     * @param file where to write
     * @param text what to write, as UTF-8
     * @return the file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static Path write(Path file, String text) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path temp = posix
                    ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + " (" + e.getClass().getSimpleName()
                    + "); check that its directory is writable", e);
        }
    }
}
