package io.ferry.provider.file;

import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * One secrets file on disk: its entries, read again whenever the file changes, and changes written
 * as a whole new file that replaces the old one atomically, so that a reader (or a crash) never sees
 * half a file.
 *
 * <p>A new file is created readable and writable by its owner only, set explicitly so that no umask
 * can widen it, in the same directory as the file it replaces, then moved over it. Every change
 * holds a lock shared by all providers of the same file in this JVM, so that concurrent writers
 * never lose each other's changes.
 */
final class SecretsFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path path;
    private final FileFormat format;
    private final Object lock;
    private Snapshot cached;

    /**
     * @param path the file, absolute
     * @param format how its secrets are written
     */
    SecretsFile(Path path, FileFormat format) {
        this.path = Objects.requireNonNull(path, "path");
        this.format = Objects.requireNonNull(format, "format");
        this.lock = LOCKS.computeIfAbsent(path, p -> new Object());
    }

    /** @return the file */
    Path path() {
        return path;
    }

    /**
     * @return the entries by key, in file order, as the file holds them now
     * @throws ProviderException of kind INVALID when the file is malformed, UNAVAILABLE when it cannot be read
     */
    Map<String, Entry> entries() {
        synchronized (lock) {
            return load().entries();
        }
    }

    /**
     * Changes the entries and, when the change altered them, writes the file anew.
     *
     * @param edit changes a copy of the entries in place and returns its result; a
     *     {@link ProviderException} it throws leaves the file as it was
     * @return the edit's result
     */
    <T> T edit(Function<Map<String, Entry>, T> edit) {
        synchronized (lock) {
            Snapshot now = load();
            Map<String, Entry> changed = new LinkedHashMap<>(now.entries());
            T result = edit.apply(changed);
            if (!changed.equals(now.entries())) {
                if (now.text() != null) {
                    format.rewriteRefusal(now.text(), path).ifPresent(why -> {
                        throw new ProviderException(Kind.INVALID, null, why);
                    });
                }
                String text = format.write(List.copyOf(changed.values()));
                write(text);
                cached = new Snapshot(stamp(), Collections.unmodifiableMap(changed), text);
            }
            return result;
        }
    }

    private Snapshot load() {
        Object stamp = stamp();
        if (cached != null && Objects.equals(cached.stamp(), stamp)) {
            return cached;
        }
        if (stamp == null) {
            cached = new Snapshot(null, Map.of(), null);
            return cached;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException gone) {
            cached = new Snapshot(null, Map.of(), null);
            return cached;
        } catch (IOException e) {
            throw new ProviderException(Kind.UNAVAILABLE, null, "cannot read " + path + " (" + e.getClass().getSimpleName()
                    + "); check that it is a readable file");
        }
        String text = decode(bytes);
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Entry entry : format.read(text, path)) {
            entries.put(entry.key(), entry);
        }
        cached = new Snapshot(stamp, Collections.unmodifiableMap(entries), text);
        return cached;
    }

    /** @return what tells one state of the file from another, or null when there is no file */
    private Object stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new ProviderException(Kind.INVALID, null, path + " is a directory; name a secrets file");
            }
            return List.of(attributes.lastModifiedTime(), attributes.size(),
                    Objects.requireNonNullElse(attributes.fileKey(), ""));
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException e) {
            throw new ProviderException(Kind.UNAVAILABLE, null, "cannot read " + path + " (" + e.getClass().getSimpleName()
                    + "); check that it is a readable file");
        }
    }

    /** Decodes strict UTF-8, naming the line of the first byte that is not. */
    private String decode(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw FileProblem.malformed(path, format.name(), line, in.position() - lineStart + 1,
                    "UTF-8 text; save the file as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private void write(String text) {
        Path directory = path.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = createOwnerOnly(directory);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
        } catch (AtomicMoveNotSupportedException e) {
            throw new ProviderException(Kind.UNAVAILABLE, null, "cannot replace " + path + " atomically on its file "
                    + "system; write to a file on a local disk", false, null, null);
        } catch (IOException e) {
            throw new ProviderException(Kind.UNAVAILABLE, null, "cannot write " + path + " (" + e.getClass().getSimpleName()
                    + "); check that its directory is writable", false, null, null);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The temporary file is owner-only and its name says what it is; nothing more can be done.
                }
            }
        }
    }

    /** Creates the temporary file owner-only from the start, then sets the mode again, since a umask may have narrowed it. */
    private Path createOwnerOnly(Path directory) throws IOException {
        String prefix = "." + path.getFileName() + ".";
        try {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            Path temporary = Files.createTempFile(directory, prefix, ".tmp", ownerOnly);
            Files.setPosixFilePermissions(temporary, OWNER_ONLY);
            return temporary;
        } catch (UnsupportedOperationException notPosix) {
            // Windows: a new file inherits the directory's ACL, as a new file in the user's profile is private.
            return Files.createTempFile(directory, prefix, ".tmp");
        }
    }

    /**
     * The file as last read.
     *
     * @param stamp its modification time, size and identity, or null when there was no file
     * @param entries its entries by key, in file order
     * @param text its content, or null when there was no file
     */
    private record Snapshot(Object stamp, Map<String, Entry> entries, String text) {
    }
}
