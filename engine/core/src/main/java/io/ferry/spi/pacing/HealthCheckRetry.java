package io.ferry.spi.pacing;

import io.ferry.spi.HealthReport;
import io.ferry.spi.SecretProvider;
import java.time.Duration;

/**
 * A store's health check, asked again while it fails transiently, under the same retry policy as a
 * run's writes: one HTTP 500 or a throttled answer is not an unhealthy store. A failure that asking
 * again cannot change (refused credentials, a missing file) is answered at once.
 */
public final class HealthCheckRetry {

    private HealthCheckRetry() {
    }

    /**
     * @param store the store to check
     * @param writeProbe whether to write and remove a probe secret too
     * @param retries how many times to ask again after a transient failure
     * @param backoff the waits between attempts
     * @return the last answer, with the number of retries it took; an interrupted wait ends the
     *     retries and keeps the thread's interrupt
     */
    public static HealthReport check(SecretProvider store, boolean writeProbe, int retries, Backoff backoff) {
        HealthReport report = store.health(writeProbe);
        int retry = 0;
        while (!report.healthy() && report.transientFailure() && retry < retries) {
            retry++;
            if (!sleep(backoff.delay(retry, null))) {
                break;
            }
            report = store.health(writeProbe);
        }
        return report.withRetries(retry);
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
