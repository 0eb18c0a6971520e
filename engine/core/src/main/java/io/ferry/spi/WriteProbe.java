package io.ferry.spi;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The write probe of a health check ({@link SecretProvider#health(boolean) health(true)}): write a
 * secret of a name nobody else uses, then remove it, and say in the report's words what failed. A
 * probe that was written but could not be removed counts as failed, since
 * {@link HealthReport#canWrite()} promises a probe that was cleaned up, and its line names the secret
 * to remove by hand.
 */
public final class WriteProbe {

    /** Every probe's name starts with this, so that a probe left behind is recognised as one. */
    public static final String PREFIX = "ferry-health-probe-";

    private static final SecureRandom RANDOM = new SecureRandom();

    private WriteProbe() {
    }

    /**
     * @return a fresh probe name: {@link #PREFIX} and twelve lower-case hex digits, a name every
     *     known store accepts
     */
    public static String key() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    /**
     * Runs the probe.
     *
     * @param name the probe's name as the store shows it, for the problem lines
     * @param write writes the probe, throwing {@link ProviderException} when the store refuses
     * @param remove removes it for good (deletes, and purges where the store keeps deleted secrets)
     * @param problems where a failure's line goes
     * @return whether the probe was written and removed
     */
    public static boolean run(String name, Runnable write, Runnable remove, List<String> problems) {
        try {
            write.run();
        } catch (ProviderException e) {
            problems.add("the write probe failed: " + e.getMessage());
            return false;
        }
        try {
            remove.run();
            return true;
        } catch (ProviderException e) {
            problems.add("the write probe '" + name + "' was written but could not be removed: " + e.getMessage()
                    + "; remove it by hand");
            return false;
        }
    }
}
