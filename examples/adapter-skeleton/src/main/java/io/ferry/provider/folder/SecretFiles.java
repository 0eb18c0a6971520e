package io.ferry.provider.folder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.spi.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of a folder store: one JSON file per secret, named by the SHA-256 of its key (so that any
 * key makes a file name), holding the key, the highest version it ever had and its versions, oldest
 * first. A deleted secret keeps its file with no versions, so that its next version number is never
 * one a stale if-version write could still match. Files and the directory are owner-only, and every
 * file is replaced whole by an atomic move, so a crash leaves the old file or the new one.
 */
final class SecretFiles {

    /**
     * One version of a secret as stored.
     *
     * @param version its number
     * @param value the value's bytes, base64
     * @param contentType the content type, or null
     * @param tags the tags
     * @param attributes the attributes
     * @param created when the secret was created, ISO-8601
     * @param updated when this version was written
     * @param expires when the secret expires, or null
     */
    record Version(String version, String value, String contentType, Map<String, String> tags,
                   Map<String, String> attributes, String created, String updated, String expires) {
    }

    /**
     * One secret's file.
     *
     * @param key the secret's key
     * @param lastVersion the highest version number it ever had
     * @param versions its versions, oldest first; empty once deleted
     */
    record Entry(String key, long lastVersion, List<Version> versions) {

        Entry {
            versions = List.copyOf(versions);
        }

        /** @return whether the secret exists */
        boolean live() {
            return !versions.isEmpty();
        }

        /** @return the current version; only for a live entry */
        Version current() {
            return versions.get(versions.size() - 1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".json";

    private final Path directory;

    /** @param directory where the files are; created owner-only on the first write */
    SecretFiles(Path directory) {
        this.directory = directory;
    }

    /** @return the directory */
    Path directory() {
        return directory;
    }

    /**
     * @param key a key
     * @return its file's entry, live or deleted; empty when it never existed
     */
    Optional<Entry> load(String key) {
        return load(file(key));
    }

    /** @return every entry in the directory, live or deleted; none when the directory does not exist yet */
    List<Entry> all() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))::iterator) {
                load(file).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw unreadable(directory);
        }
        return entries;
    }

    /** @param entry the entry to store in place of its file */
    void save(Entry entry) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, ownerOnly("rwx------"));
            }
            Path temporary = Files.createTempFile(directory, ".write-", ".tmp", ownerOnly("rw-------"));
            try {
                Files.write(temporary, JSON.writeValueAsBytes(entry));
                move(temporary, file(entry.key()));
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, entry.key(), "cannot write the file of '"
                    + entry.key() + "' in " + directory + " (" + e.getClass().getSimpleName()
                    + "); check that the directory exists and is writable", false, null, null);
        }
    }

    /** @param key a key whose file is removed for good, leaving no trace */
    void erase(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, key, "cannot remove the file of '" + key
                    + "' in " + directory + " (" + e.getClass().getSimpleName() + "); remove it by hand", false, null, null);
        }
    }

    private Optional<Entry> load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(file);
        }
        try {
            return Optional.of(JSON.readValue(bytes, Entry.class));
        } catch (JsonProcessingException e) {
            // The parser's message quotes the file, which holds values: only the file's name is told.
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, file + " is not a secret file of a "
                    + "folder store; move it out of " + directory, false, null, null);
        } catch (IOException e) {
            throw unreadable(file);
        }
    }

    private Path file(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(digest) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
    }

    private ProviderException unreadable(Path path) {
        return new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "cannot read " + path
                + "; check that it exists and is readable", true, null, null);
    }
}
