package io.ferry.state;

import io.ferry.crypto.Aead;
import io.ferry.secret.Fingerprinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The master key that wraps each run's data key. It lives in a key file outside the state store
 * ({@code ~/.ferry/journal.key} by default, or the file {@code FERRY_JOURNAL_KEY_FILE} names), so a
 * copy of {@code state.db} alone reveals no before-image. The key file is created, readable by its
 * owner only, the first time it is needed.
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
     * @return the key file's path: {@code FERRY_JOURNAL_KEY_FILE}, else {@code ~/.ferry/journal.key}
     */
    public static Path defaultFile(Map<String, String> environment) {
        String named = environment.get(FILE_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        return Path.of(System.getProperty("user.home"), ".ferry", "journal.key");
    }

    /**
     * Reads the key file, creating it with a fresh random key when it does not exist.
     *
     * @param file the key file
     * @return the key
     */
    public static JournalKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = Aead.randomKey();
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                restrict(tmp);
                try {
                    Files.move(tmp, file);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
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

    private static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits the user profile's ACL, which is private already.
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

    @Override
    public String toString() {
        return "JournalKey[" + file + ", id " + id() + "]";
    }
}
