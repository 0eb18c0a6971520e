package io.ferry.state;

import com.sun.security.auth.module.UnixSystem;
import io.ferry.crypto.Aead;
import io.ferry.crypto.DecryptionException;
import io.ferry.files.FerryHome;
import io.ferry.files.PrivateFiles;
import io.ferry.secret.Fingerprinter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The master key that wraps each run's data key. It lives in a key file outside the state store
 * ({@code $HOME/.ferry/journal.key} by default, or the file {@code FERRY_JOURNAL_KEY_FILE} names), never
 * in the state store's directory, so a copy of {@code state.db} or of its directory alone reveals no
 * before-image. The key file is created, readable by its owner only, the first time it is needed, and
 * refused when another user owns it or others can read it.
 */
public final class JournalKey {

    /** Environment variable naming the key file. */
    public static final String FILE_VARIABLE = "FERRY_JOURNAL_KEY_FILE";

    private final Path file;
    private final byte[] key;

    private JournalKey(Path file, byte[] key) {
        this.file = file;
        this.key = key;
    }

    /**
     * @param environment the process environment
     * @return the key file's path: {@code FERRY_JOURNAL_KEY_FILE}, else {@code $HOME/.ferry/journal.key}
     */
    public static Path defaultFile(Map<String, String> environment) {
        String named = environment.get(FILE_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        return FerryHome.directory(environment).resolve("journal.key");
    }

    /**
     * Reads the key of a state store, creating it when it does not exist, after checking that it is
     * not kept in the state store's directory: a copy of that directory must not carry the key that
     * opens its journal.
     *
     * @param file the key file
     * @param stateFile the state store the key is for
     * @return the key
     * @throws StateException when the key file is inside the state store's directory, or as {@link #loadOrCreate}
     */
    public static JournalKey forStateStore(Path file, Path stateFile) {
        Path stateDirectory = canonical(stateFile.toAbsolutePath().normalize().getParent());
        Path keyFile = canonical(file.toAbsolutePath().normalize());
        if (stateDirectory != null && keyFile.startsWith(stateDirectory)) {
            throw new StateException("the journal key " + file + " is inside the state store's directory "
                    + stateDirectory + ", so a copy of that directory would carry the key that opens its journal; set "
                    + FILE_VARIABLE + " to a path outside it, or give --state a file in another directory");
        }
        return loadOrCreate(file);
    }

    /**
     * Reads the key file, creating it with a fresh random key when it does not exist. A key file
     * that others can read or that belongs to another user is refused.
     *
     * @param file the key file
     * @return the key
     * @throws StateException naming the file and the fix when it cannot be used
     */
    public static JournalKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                create(file);
            }
            checkPrivate(file);
            byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
            if (key.length != 32) {
                throw new StateException("journal key file " + file + " does not hold a 256-bit key; restore it from "
                        + "your backup, or point " + FILE_VARIABLE + " at the right file");
            }
            return new JournalKey(file, key);
        } catch (IOException e) {
            throw new StateException("cannot read or create the journal key file " + file + ": " + e.getMessage()
                    + "; check its permissions or set " + FILE_VARIABLE, e);
        } catch (IllegalArgumentException e) {
            throw new StateException("journal key file " + file + " is not base64; restore it from your backup, or point "
                    + FILE_VARIABLE + " at the right file", e);
        }
    }

    /**
     * Writes a fresh key to a private temporary file beside the key file, then links it into place:
     * the link fails when the key file exists, so two processes creating it at once agree on one
     * key, and no process ever reads half a key.
     */
    private static void create(Path file) throws IOException {
        Path tmp = PrivateFiles.temporaryFile(file.toAbsolutePath().getParent(), "." + file.getFileName());
        try {
            byte[] fresh = Aead.randomKey();
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((Base64.getEncoder().encodeToString(fresh) + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                // Another process created the key first: use its key.
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Refuses a key file another user owns or others may read: whoever can read it can open every journal. */
    private static void checkPrivate(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        int owner = (Integer) Files.getAttribute(file, "unix:uid");
        long self = new UnixSystem().getUid();
        if (owner != self) {
            throw new StateException("journal key file " + file + " belongs to user id " + owner + ", not to user id "
                    + self + " who runs Ferry; run chown " + new UnixSystem().getUsername() + " " + file
                    + " or point " + FILE_VARIABLE + " at your own key file");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (!PrivateFiles.FILE_MODE.containsAll(mode)) {
            throw new StateException("journal key file " + file + " can be read or written by other users (mode "
                    + PosixFilePermissions.toString(mode) + "); run chmod 600 " + file);
        }
    }

    /** @return the path with its existing part's symbolic links resolved, so that a link cannot hide where a file is */
    private static Path canonical(Path path) {
        if (path == null) {
            return null;
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return path;
        }
    }

    /** @return the key file */
    public Path file() {
        return file;
    }

    /** @return a short id of this key, stored with each run to tell a wrong key file from corrupt data */
    public String id() {
        return HexFormat.of().formatHex(Aead.subkey(key, "ferry journal key id"), 0, 8);
    }

    /**
     * A fingerprinter under a key derived from this one for one purpose, for fingerprints that must
     * agree across processes of the same user yet reveal nothing to anyone without the key file.
     *
     * @param purpose what the fingerprints are for; each purpose gets its own key
     * @return the fingerprinter
     */
    public Fingerprinter fingerprinter(String purpose) {
        return new Fingerprinter(Aead.subkey(key, purpose));
    }

    /**
     * @param runId the run
     * @param dataKey the run's data key
     * @return the data key wrapped under this key, bound to the run
     */
    public byte[] wrap(String runId, byte[] dataKey) {
        return new Aead(key).seal(dataKey, Aead.ad("run-key:" + runId));
    }

    /**
     * @param runId the run
     * @param wrapped what {@link #wrap} returned
     * @return the run's data key
     */
    public byte[] unwrap(String runId, byte[] wrapped) {
        return new Aead(key).open(wrapped, Aead.ad("run-key:" + runId));
    }

    /**
     * Opens the data key of a run or retry queue, after checking that this is the key it was
     * wrapped under: the one place a stored data key is opened.
     *
     * @param owner what the data key belongs to, such as {@code run 20240101-abc}
     * @param recorded how the owner came to be, such as {@code journaled}, for the message
     * @param since when the owner's key file was used, such as {@code the run started}
     * @param wrapId what the data key was wrapped under by {@link #wrap}
     * @param keyId the id of the key that wrapped it, as stored
     * @param wrapped the wrapped data key, as stored
     * @return the data key
     * @throws StateException naming the key file to use, or that the store was altered
     */
    byte[] openDataKey(String owner, String recorded, String since, String wrapId, String keyId, byte[] wrapped) {
        if (!keyId.equals(id())) {
            throw new StateException(owner + " was " + recorded + " under journal key " + keyId + " but " + file
                    + " holds key " + id() + "; point " + FILE_VARIABLE + " at the key file used when " + since);
        }
        try {
            return unwrap(wrapId, wrapped);
        } catch (DecryptionException e) {
            throw new StateException("the data key of " + owner + " does not open with " + file
                    + "; the state store may have been altered");
        }
    }

    @Override
    public String toString() {
        return "JournalKey[" + file + ", id " + id() + "]";
    }
}
