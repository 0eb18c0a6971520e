package io.ferry.cli;

import io.ferry.secret.Fingerprinter;
import io.ferry.spi.ProviderContext;
import io.ferry.state.JournalKey;

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
     * @param context the environment, which may say where the journal key is, and what opens a store holding it
     * @return the fingerprinter
     */
    static Fingerprinter forMachine(ProviderContext context) {
        return JournalKey.resolve(context, null).fingerprinter(PURPOSE);
    }
}
