package io.ferry.spi;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a store to settle after a change it makes in the background: a soft delete that takes
 * a moment to hold the name, a recovery or a purge that takes a moment to free it. Stores that keep
 * deleted secrets recoverable (Azure Key Vault, AWS Secrets Manager) answer such calls before they
 * are done, while {@link SecretProvider#recover} and {@link SecretProvider#purge} promise to return
 * only once they are. The wait polls with a growing pause (50 ms doubling up to one second), up to a
 * bound, never in a tight loop.
 */
public final class Settling {

    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 1000;

    private Settling() {
    }

    /**
     * @param key the key concerned, for messages
     * @param limit how long the store may take
     * @param done whether the store has settled; it may call the store and throw {@link ProviderException}
     * @param late the failure to throw when the store has not settled within the limit, naming the
     *     store and what to do
     * @throws ProviderException {@code late}'s, or of kind {@link ProviderException.Kind#UNAVAILABLE}
     *     when the thread is interrupted while waiting
     */
    public static void await(String key, Duration limit, BooleanSupplier done, Supplier<ProviderException> late) {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw late.get();
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(ProviderException.Kind.UNAVAILABLE, key, "interrupted while waiting for '"
                        + key + "' to settle; run again to continue", false, null, e);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }
}
