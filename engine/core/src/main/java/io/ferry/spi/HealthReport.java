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
 */
public record HealthReport(String endpoint, Boolean reachable, Boolean authenticated, Boolean canList,
                           Boolean canWrite, List<String> problems) {

    /** Copies the problems. */
    public HealthReport {
        problems = List.copyOf(problems);
    }

    /** @return whether the store answered, accepted the credentials and allowed listing, and no check failed */
    public boolean healthy() {
        return Boolean.TRUE.equals(reachable) && Boolean.TRUE.equals(authenticated) && Boolean.TRUE.equals(canList)
                && !Boolean.FALSE.equals(canWrite) && problems.isEmpty();
    }
}
