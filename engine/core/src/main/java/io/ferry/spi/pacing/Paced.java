package io.ferry.spi.pacing;

import java.util.List;

/**
 * An adapter whose calls go through {@link RateLimiter}s, saying what they are doing, so that the
 * engine can show a run's pace per store and report it, without knowing which store it is. An
 * adapter implements it beside {@link io.ferry.spi.SecretProvider}; a store that paces nothing
 * (a local file, memory) does not.
 */
public interface Paced {

    /**
     * Reads the limiters as they are now, without calling the store; cheap enough to ask several
     * times a second. Thread-safe.
     *
     * @return one reading per limiter in front of the store's calls
     */
    List<PaceReading> pacing();
}
