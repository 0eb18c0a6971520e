package io.ferry.state;

import com.sun.security.auth.module.UnixSystem;
import io.ferry.crypto.Aead;
import io.ferry.crypto.DecryptionException;
import io.ferry.files.FerryHome;
import io.ferry.files.PrivateFiles;
import io.ferry.keys.KeySourceException;
import io.ferry.keys.SecretReference;
import io.ferry.keys.StoredSecrets;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderRegistry;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The master key that wraps each run's data key. By default it lives in a key file outside the state
 * store ({@code $HOME/.ferry/journal.key}, or the file {@code FERRY_JOURNAL_KEY_FILE} names), never
 * in the state store's directory, so a copy of {@code state.db} or of its directory alone reveals no
 * before-image. The key file is created, readable by its owner only, the first time it is needed, and
 * refused when another user owns it or others can read it.
 *
 * <p>Where no file can be kept (a CI runner that vanishes after the job, a container), the key comes
 * from {@code FERRY_JOURNAL_KEY} (the key in base64, as a CI secret sets it) or from a secret in a
 * store Ferry can read, named by {@code FERRY_JOURNAL_KEY_URI} (the command line's
 * {@code --journal-key}). Such a key is never created: it is read, or the run stops before anything
 * is written, with one line naming where Ferry looked.
 */
public final class JournalKey {

    /** Environment variable naming the key file. */
    public static final String FILE_VARIABLE = "FERRY_JOURNAL_KEY_FILE";
    /** Environment variable holding the key itself, in base64. */
    public static final String KEY_VARIABLE = "FERRY_JOURNAL_KEY";
    /** Environment variable naming a secret in a store that holds the key, in base64. */
    public static final String URI_VARIABLE = "FERRY_JOURNAL_KEY_URI";

    private final Path file;
    private final String origin;
    private final byte[] key;

    private JournalKey(Path file, String origin, byte[] key) {
        this.file = file;
        this.origin = origin;
        this.key = key;
    }

    /**
     * Finds the journal key where the environment says it is: the secret {@code FERRY_JOURNAL_KEY_URI}
     * names, else the key in {@code FERRY_JOURNAL_KEY}, else the key file
     * ({@link #forStateStore}, created when missing).
     *
     * @param context the environment, working directory and passphrases a store opens with
     * @param stateFile the state store the key is for, or null when the key is not for one
     * @return the key
     * @throws StateException naming where Ferry looked and the fix, never the key: when two
     *     variables name a key, or the key there is missing or not a 256-bit key in base64
     */
    public static JournalKey resolve(ProviderContext context, Path stateFile) {
        Map<String, String> environment = context.environment();
        List<String> given = Stream.of(URI_VARIABLE, KEY_VARIABLE, FILE_VARIABLE)
                .filter(v -> environment.get(v) != null && !environment.get(v).isBlank())
                .toList();
        if (given.size() > 1) {
            throw new StateException(String.join(" and ", given) + (given.size() == 2 ? " are both set" : " are all set")
                    + ", and each names a journal key; "
                    + "unset all but one (--journal-key on the command line stands in for them all)");
        }
        if (given.contains(URI_VARIABLE)) {
            return fromStore(environment.get(URI_VARIABLE), context);
        }
        if (given.contains(KEY_VARIABLE)) {
            return decode(environment.get(KEY_VARIABLE), null, KEY_VARIABLE,
                    KEY_VARIABLE + " does not hold a 256-bit journal key in base64; set it to the key (openssl rand "
                            + "-base64 32 makes one), or unset it to use the key file");
        }
        Path keyFile = defaultFile(environment);
        return stateFile == null ? loadOrCreate(keyFile) : forStateStore(keyFile, stateFile);
    }

    /** Reads the key from the secret a reference names; it is never created there. */
    private static JournalKey fromStore(String written, ProviderContext context) {
        try {
            SecretReference reference = SecretReference.parse(written, "--journal-key (" + URI_VARIABLE + ")");
            SecretValue text = new StoredSecrets(ProviderRegistry.load()).read(reference, "the journal key", context);
            return decode(text.text(), null, reference.toString(), "the journal key at " + reference
                    + " is not a 256-bit key in base64; store the key there (openssl rand -base64 32 makes one)");
        } catch (KeySourceException e) {
            throw new StateException(e.getMessage(), e);
        }
    }

    /**
     * @param text the key in base64, possibly with white space around it
     * @param file the file it came from, or null
     * @param origin where it came from, for messages
     * @param wrong the message when it is not a 256-bit key in base64, which names the place and never the text
     */
    private static JournalKey decode(String text, Path file, String origin, String wrong) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new StateException(wrong);
        }
        if (key.length != 32) {
            Arrays.fill(key, (byte) 0);
            throw new StateException(wrong);
        }
        return new JournalKey(file, origin, key);
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
            return decode(Files.readString(file), file, file.toString(), "journal key file " + file
                    + " does not hold a 256-bit key in base64; restore it from your backup, or point " + FILE_VARIABLE
                    + " at the right file");
        } catch (IOException e) {
            throw new StateException("cannot read or create the journal key file " + file + ": " + e.getMessage()
                    + "; check its permissions or set " + FILE_VARIABLE, e);
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

    /** @return the key file, or null when the key comes from {@code FERRY_JOURNAL_KEY} or a store */
    public Path file() {
        return file;
    }

    /** @return where the key came from: its file, {@code FERRY_JOURNAL_KEY}, or the secret's reference */
    public String origin() {
        return origin;
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
            throw new StateException(owner + " was " + recorded + " under journal key " + keyId + " but " + origin
                    + " holds key " + id() + "; " + (file != null
                    ? "point " + FILE_VARIABLE + " at the key file used when " + since
                    : "give the journal key used when " + since + " (--journal-key, " + URI_VARIABLE + ", " + KEY_VARIABLE
                    + " or " + FILE_VARIABLE + ")"));
        }
        try {
            return unwrap(wrapId, wrapped);
        } catch (DecryptionException e) {
            throw new StateException("the data key of " + owner + " does not open with the journal key from " + origin
                    + "; the state store may have been altered");
        }
    }

    @Override
    public String toString() {
        return "JournalKey[" + origin + ", id " + id() + "]";
    }
}
