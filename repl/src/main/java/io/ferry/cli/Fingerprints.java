package io.ferry.cli;

import io.ferry.crypto.Aead;
import io.ferry.secret.Fingerprinter;
import io.ferry.state.JournalKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The fingerprints {@code ferry get} shows. They are keyed with a key derived from this machine's
 * journal key, so that the same value gives the same fingerprint in every store and every call
 * (compare them by eye), while someone who sees only the fingerprint cannot test guesses offline.
 */
final class Fingerprints {

    private static final String PURPOSE = "ferry get fingerprint";

    private Fingerprints() {
    }

    /**
     * @param environment the environment, which may name the journal key file
     * @return the fingerprinter
     */
    static Fingerprinter forMachine(Map<String, String> environment) {
        Path file = JournalKey.loadOrCreate(JournalKey.defaultFile(environment)).file();
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
            return new Fingerprinter(Aead.subkey(key, PURPOSE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal key file " + file + ": " + e.getMessage(), e);
        }
    }
}
