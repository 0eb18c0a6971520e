package io.ferry.strategy;

/**
 * What a {@link ShadowReadProvider} has compared.
 *
 * @param reads reads served by the primary
 * @param compared reads that were also read from the shadow and compared
 * @param matched comparisons where both stores agreed (same value, or both without the secret)
 * @param mismatched comparisons where they did not
 * @param errors shadow reads that failed; they count neither way
 */
public record ShadowReadStats(long reads, long compared, long matched, long mismatched, long errors) {

    /** @return matched over compared; 1 when nothing was compared */
    public double matchRate() {
        return compared == 0 ? 1.0 : (double) matched / compared;
    }
}
