package io.ferry.testkit.server;

import io.ferry.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes the files the emulators leave for their clients (a kubeconfig, a CA file, a pid file, a
 * connection file) as Ferry writes its own: owner-only whatever the umask, in owner-only
 * directories, replaced in one move so that no reader sees one half written ({@link PrivateFiles}).
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /**
     * @param file where to write
     * @param text what to write, as UTF-8
     * @return the file, as an absolute path
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static Path write(Path file, String text) {
        Path target = file.toAbsolutePath();
        try {
            PrivateFiles.createDirectories(target.getParent());
            PrivateFiles.replace(target, text);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + " (" + e.getClass().getSimpleName()
                    + "); check that its directory is writable", e);
        }
    }
}
