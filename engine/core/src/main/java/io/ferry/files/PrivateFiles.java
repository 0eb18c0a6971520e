package io.ferry.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Creates files with mode 0600 and directories with mode 0700, whatever the umask. Each is
 * created with those permissions as its creation attribute, so it is never more open than that at
 * any moment, and then set to exactly that mode, because the umask can only take bits away. Files
 * that already exist and directories Ferry did not create keep their modes. On a file system
 * without POSIX permissions (Windows) files inherit their directory's ACL.
 */
public final class PrivateFiles {

    /** Owner read and write: the mode of every file Ferry creates. */
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** Owner read, write and search: the mode of every directory Ferry creates. */
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /**
     * Creates a directory and its missing ancestors, each with mode 0700.
     *
     * @param directory the directory
     * @return the directory
     * @throws IOException when a directory cannot be created
     */
    public static Path createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path next = missing.pop();
            try {
                if (posix(next)) {
                    Files.createDirectory(next, attribute(DIRECTORY_MODE));
                    Files.setPosixFilePermissions(next, DIRECTORY_MODE);
                } else {
                    Files.createDirectory(next);
                }
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(next)) {
                    throw raced;
                }
            }
        }
        return directory;
    }

    /**
     * Creates an empty file with mode 0600, and its missing directories with mode 0700.
     *
     * @param file the file
     * @throws FileAlreadyExistsException when the file exists already (the create is exclusive)
     * @throws IOException when it cannot be created
     */
    public static void createFile(Path file) throws IOException {
        createParent(file);
        if (posix(file)) {
            Files.createFile(file, attribute(FILE_MODE));
            Files.setPosixFilePermissions(file, FILE_MODE);
        } else {
            Files.createFile(file);
        }
    }

    /**
     * Creates the file with mode 0600 unless it exists.
     *
     * @param file the file
     * @return whether this call created it
     * @throws IOException when it cannot be created
     */
    public static boolean createFileIfMissing(Path file) throws IOException {
        try {
            createFile(file);
            return true;
        } catch (FileAlreadyExistsException exists) {
            return false;
        }
    }

    /**
     * Opens a file for appending, creating it with mode 0600 (and its directories with 0700) when
     * it is missing.
     *
     * @param file the file
     * @return the stream, positioned at the end
     * @throws IOException when it cannot be created or opened
     */
    public static OutputStream openAppend(Path file) throws IOException {
        createFileIfMissing(file);
        return Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /**
     * Replaces a file's content atomically: writes a private temporary file beside it, then renames
     * it into place, so that a reader sees the old or the new content, never half of it. The file
     * ends with mode 0600.
     *
     * @param file the file
     * @param content its new content, UTF-8
     * @throws IOException when it cannot be written
     */
    public static void replace(Path file, String content) throws IOException {
        replace(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces a file's content atomically, as {@link #replace(Path, String)}.
     *
     * @param file the file
     * @param content its new content
     * @throws IOException when it cannot be written
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path directory = createParent(file);
        Path tmp = temporaryFile(directory, "." + file.getFileName());
        try {
            Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates a uniquely named, empty file with mode 0600 in a directory.
     *
     * @param directory where; created with mode 0700 when missing
     * @param prefix the start of its name
     * @return the file
     * @throws IOException when it cannot be created
     */
    public static Path temporaryFile(Path directory, String prefix) throws IOException {
        createDirectories(directory);
        if (!posix(directory)) {
            return Files.createTempFile(directory, prefix, ".tmp");
        }
        Path tmp = Files.createTempFile(directory, prefix, ".tmp", attribute(FILE_MODE));
        Files.setPosixFilePermissions(tmp, FILE_MODE);
        return tmp;
    }

    /**
     * Sets a file that exists to mode 0600, for files another program created on Ferry's behalf
     * (SQLite's write-ahead log and shared-memory files).
     *
     * @param file the file; nothing happens when it does not exist
     * @throws IOException when its mode cannot be set
     */
    public static void restrict(Path file) throws IOException {
        if (posix(file) && Files.exists(file)) {
            Files.setPosixFilePermissions(file, FILE_MODE);
        }
    }

    private static Path createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        return createDirectories(parent);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
        return PosixFilePermissions.asFileAttribute(mode);
    }
}
