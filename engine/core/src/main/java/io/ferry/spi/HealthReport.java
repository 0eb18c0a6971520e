package io.ferry.spi;

import java.util.List;

/**
 * The answer to a health check: each check's outcome and, for each failed one, what to do. A check
 * that did not run is null rather than an answer, so that a report only states what was checked:
 * a store never contacted (no credentials to sign the request with) is neither reachable nor
 * unreachable, and credentials never presented are neither accepted nor refused.
 *
 * @param endpoint where the provider points, without credentials
 * @param reachable the store answered; false when it was tried and did not, null when it was not tried
 * @param authenticated the credentials were accepted; null when they were not put to the store
 * @param canList listing is allowed; null when no listing was tried
 * @param canWrite a write probe succeeded and was cleaned up; null when no probe was asked for or
 *     the checks before it failed
 * @param problems one line per failed check, naming the endpoint and the fix
 * @param transientFailure a check failed in a way that may pass (a 5xx, a throttling answer, no
 *     answer at all), so that asking again may find the store healthy; false for a refusal, such
 *     as rejected credentials, that asking again cannot change
 * @param retries how many times the checks were asked again after a transient failure before this
 *     answer ({@link io.ferry.spi.pacing.HealthCheckRetry})
 */
public record HealthReport(String endpoint, Boolean reachable, Boolean authenticated, Boolean canList,
                           Boolean canWrite, List<String> problems, boolean transientFailure, int retries) {

    /** Copies the problems. */
    public HealthReport {
        problems = List.copyOf(problems);
        if (retries < 0) {
            throw new IllegalArgumentException("retries cannot be negative, got " + retries);
        }
    }

    /**
     * A report whose failures, if any, are not transient, asked once.
     *
     * @param endpoint where the provider points, without credentials
     * @param reachable the store answered, or null when it was not tried
     * @param authenticated the credentials were accepted, or null when they were not put to the store
     * @param canList listing is allowed, or null when no listing was tried
     * @param canWrite a write probe succeeded, or null when none ran
     * @param problems one line per failed check
     */
    public HealthReport(String endpoint, Boolean reachable, Boolean authenticated, Boolean canList,
                        Boolean canWrite, List<String> problems) {
        this(endpoint, reachable, authenticated, canList, canWrite, problems, false, 0);
    }

    /**
     * @param transientFailure whether the failure may pass on its own
     * @return this report, its failure marked transient or not
     */
    public HealthReport withTransientFailure(boolean transientFailure) {
        return new HealthReport(endpoint, reachable, authenticated, canList, canWrite, problems, transientFailure, retries);
    }

    /**
     * @param retries how many times the checks were asked again before this answer
     * @return this report, with that count
     */
    public HealthReport withRetries(int retries) {
        return new HealthReport(endpoint, reachable, authenticated, canList, canWrite, problems, transientFailure, retries);
    }

    /** @return whether the store answered, accepted the credentials and allowed listing, and no check failed */
    public boolean healthy() {
        return Boolean.TRUE.equals(reachable) && Boolean.TRUE.equals(authenticated) && Boolean.TRUE.equals(canList)
                && !Boolean.FALSE.equals(canWrite) && problems.isEmpty();
    }
}
