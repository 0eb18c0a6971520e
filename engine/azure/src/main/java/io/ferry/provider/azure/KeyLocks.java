package io.ferry.provider.azure;

import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the check-then-write sequences of one provider per secret name (without regard to
 * case), since Key Vault has no conditional write: two threads of one run cannot both see a name
 * free and both create it. Striped, so memory does not grow with the number of names.
 */
final class KeyLocks {

    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * @param name a secret's name
     * @return the lock guarding it
     */
    ReentrantLock of(String name) {
        return locks[Math.floorMod(name.toLowerCase(Locale.ROOT).hashCode(), STRIPES)];
    }
}
