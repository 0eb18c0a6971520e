package io.ferry.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The parameters of an Argon2id key derivation, stored beside the data (they are not secret) so
 * that the key can be derived again from the passphrase.
 *
 * @param memoryKib memory cost in KiB
 * @param iterations time cost
 * @param parallelism lanes
 * @param salt random salt, at least 16 bytes
 */
public record KdfParams(int memoryKib, int iterations, int parallelism, byte[] salt) {

    /** OWASP's baseline for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    /** Default time cost. */
    public static final int DEFAULT_ITERATIONS = 2;
    /** Default lanes. */
    public static final int DEFAULT_PARALLELISM = 1;

    /** The most memory a derivation may ask for: 1 GiB, far above any sensible setting, well below a crash. */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    /** The most iterations a derivation may ask for. */
    public static final int MAX_ITERATIONS = 32;
    /** The most lanes a derivation may ask for. */
    public static final int MAX_PARALLELISM = 16;

    /** Checks the parameters and copies the salt. */
    public KdfParams {
        Objects.requireNonNull(salt, "salt");
        if (salt.length < 16) {
            throw new IllegalArgumentException("an Argon2id salt needs at least 16 bytes, got " + salt.length);
        }
        if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("Argon2id parameters out of range: m=" + memoryKib + " t=" + iterations
                    + " p=" + parallelism);
        }
        salt = salt.clone();
    }

    /**
     * Refuses parameters read from a file that would exhaust memory or time: a file must not be able
     * to make Ferry allocate gigabytes or spin for hours before the passphrase is even checked.
     *
     * @throws IllegalArgumentException naming what is asked and the limits, when a limit is exceeded
     */
    public void checkLimits() {
        if (memoryKib > MAX_MEMORY_KIB || iterations > MAX_ITERATIONS || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2id m=" + memoryKib + " KiB, t=" + iterations + ", p=" + parallelism
                    + ", beyond what Ferry allows (m at most " + MAX_MEMORY_KIB + " KiB, t at most " + MAX_ITERATIONS
                    + ", p at most " + MAX_PARALLELISM + ")");
        }
    }

    /**
     * @return the KiB of heap the JVM could still allocate, when that is less than the derivation
     *     needs; empty when it fits
     */
    public OptionalLong memoryShortfall() {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        return memoryKib * 1024L > free ? OptionalLong.of(free / 1024) : OptionalLong.empty();
    }

    /** @return the default parameters with a fresh random salt */
    public static KdfParams defaults() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new KdfParams(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM, salt);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** Compares the salt by content: a record compares arrays by identity, so decoded parameters never equalled the originals. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KdfParams p && memoryKib == p.memoryKib && iterations == p.iterations
                && parallelism == p.parallelism && Arrays.equals(salt, p.salt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(memoryKib, iterations, parallelism, Arrays.hashCode(salt));
    }

    @Override
    public String toString() {
        return encode();
    }

    /** @return the parameters as {@code argon2id$m=..,t=..,p=..$SALT}, for storage */
    public String encode() {
        return "argon2id$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + Base64.getEncoder().withoutPadding().encodeToString(salt);
    }

    /**
     * @param encoded the form {@link #encode()} writes
     * @return the parameters
     * @throws IllegalArgumentException when the text is not in that form
     */
    public static KdfParams decode(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        if (parts.length != 3 || !parts[0].equals("argon2id")) {
            throw new IllegalArgumentException("not Argon2id parameters: expected argon2id$m=..,t=..,p=..$SALT");
        }
        int m = 0;
        int t = 0;
        int p = 0;
        for (String kv : parts[1].split(",")) {
            String[] pair = kv.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("Argon2id parameter '" + pair[0] + "' has no value: expected name=number");
            }
            int v = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> m = v;
                case "t" -> t = v;
                case "p" -> p = v;
                default -> throw new IllegalArgumentException("unknown Argon2id parameter '" + pair[0] + "'");
            }
        }
        return new KdfParams(m, t, p, Base64.getDecoder().decode(parts[2]));
    }
}
