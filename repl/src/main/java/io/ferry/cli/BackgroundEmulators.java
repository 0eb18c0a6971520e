package io.ferry.cli;

import io.ferry.testkit.server.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of the emulators {@code ferry emulate --detach} started, in one directory (by default
 * {@code .ferry/emulate}): for each store, {@code STORE.pid} (the process id), {@code STORE.env} (the
 * connection, as {@code export} lines a shell can source) and {@code STORE.log} (what the emulator
 * printed). All are owner-only.
 *
 * @param dir the directory
 */
record BackgroundEmulators(Path dir) {

    /** @return the pid file of a store's emulator */
    Path pidFile(String store) {
        return dir.resolve(store + ".pid");
    }

    /** @return the connection file of a store's emulator */
    Path connectionFile(String store) {
        return dir.resolve(store + ".env");
    }

    /** @return the log file of a store's emulator */
    Path logFile(String store) {
        return dir.resolve(store + ".log");
    }

    /**
     * @param store a store
     * @return the process of its emulator, when its pid file names one that still runs as {@code ferry emulate}
     */
    Optional<ProcessHandle> running(String store) {
        Path pid = pidFile(store);
        if (!Files.isRegularFile(pid)) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        // A pid is reused once its process is gone: only a process that is an emulator counts.
        return ProcessHandle.of(id).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(" emulate " + store)).orElse(true));
    }

    /** @return the stores that have a pid file here, running or not */
    List<String> stores() {
        List<String> stores = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return stores;
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path pid : pids) {
                String file = pid.getFileName().toString();
                stores.add(file.substring(0, file.length() - ".pid".length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + dir + " (" + e.getClass().getSimpleName() + ")", e);
        }
        stores.sort(String::compareTo);
        return stores;
    }

    /** Writes the pid file of a store's emulator. */
    void writePid(String store, long pid) {
        OwnerOnlyFiles.write(pidFile(store), pid + "\n");
    }

    /**
     * @param store the store
     * @param environment the variables a client needs
     * @param uri the store's URI
     * @return the connection file's text: a comment, one {@code export NAME='value'} line a variable,
     *     then the store's URI as {@code STORE_EMULATOR_URI}
     */
    static String connectionText(String store, Map<String, String> environment, String uri) {
        StringBuilder text = new StringBuilder("# ferry emulate " + store + ": source this file to connect to it\n");
        environment.forEach((name, value) -> text.append("export ").append(name).append('=').append(quoted(value))
                .append('\n'));
        text.append("export ").append(uriVariable(store)).append('=').append(quoted(uri)).append('\n');
        return text.toString();
    }

    /** Removes a store's pid, connection and log files. */
    void remove(String store) {
        try {
            Files.deleteIfExists(pidFile(store));
            Files.deleteIfExists(connectionFile(store));
            Files.deleteIfExists(logFile(store));
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the files of the " + store + " emulator in " + dir, e);
        }
    }

    /** @return the variable of the connection file that holds the store's URI, such as {@code AWS_EMULATOR_URI} */
    static String uriVariable(String store) {
        return store.toUpperCase(java.util.Locale.ROOT) + "_EMULATOR_URI";
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
