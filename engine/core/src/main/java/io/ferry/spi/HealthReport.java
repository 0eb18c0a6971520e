package io.ferry.spi;

import java.util.List;

/**
 * The answer to a health check: each check's outcome and, for each failed one, what to do.
 *
 * @param endpoint where the provider points, without credentials
 * @param reachable the store answered
 * @param authenticated the credentials were accepted
 * @param canList listing is allowed
 * @param canWrite a write probe succeeded and was cleaned up; null when no probe was asked for
 * @param problems one line per failed check, naming the endpoint and the fix
 */
public record HealthReport(String endpoint, boolean reachable, boolean authenticated, boolean canList,
                           Boolean canWrite, List<String> problems) {

    /** Copies the problems. */
    public HealthReport {
        problems = List.copyOf(problems);
    }

    /** @return whether every check that ran passed */
    public boolean healthy() {
        return reachable && authenticated && canList && !Boolean.FALSE.equals(canWrite) && problems.isEmpty();
    }
}
