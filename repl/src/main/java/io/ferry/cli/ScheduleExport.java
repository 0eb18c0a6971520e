package io.ferry.cli;

import io.ferry.runbook.Runbook;
import io.ferry.runbook.Schedule;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * What {@code ferry schedule --print-crontab} and {@code --print-kubernetes} print: the crontab line
 * or the Kubernetes CronJob that starts {@code ferry run RUNBOOK --yes} when each of a runbook's
 * maintenance windows opens. The run pauses itself when the window closes, and the next start
 * continues it, so that the line or the job is all a scheduler needs.
 */
final class ScheduleExport {

    /** A CronJob's name has at most 52 characters, so that its jobs' names fit in 63. */
    private static final int CRONJOB_NAME = 52;

    private ScheduleExport() {
    }

    /**
     * @param runbook the runbook, with its schedule
     * @param file the runbook's file, absolute
     * @param directory the directory ferry runs in, absolute: relative store paths are found from it
     * @param stateFile the state store file, absolute, or null for one named by the environment ({@code FERRY_STATE})
     * @param zone the zone the windows are read in
     * @return a comment line and the crontab line
     */
    static String crontab(Runbook runbook, Path file, Path directory, Path stateFile, ZoneId zone) {
        Schedule s = runbook.schedule();
        Path log = directory.resolve(".ferry").resolve("schedule.log");
        // The state store is named, so that each start finds the run the one before paused.
        String command = "cd " + quoted(directory) + " && ferry " + (stateFile == null ? "" : "--state " + quoted(stateFile) + " ")
                + "run " + quoted(file) + " --yes >> " + quoted(log) + " 2>&1";
        // cron reads % as a line break: a path holding one is escaped.
        return "# " + runbook.name() + ": " + s.describe() + ", read in " + zoneName(zone)
                + "; cron must run in that zone. Each start runs or continues the run until the window closes.\n"
                + s.cron() + " " + command.replace("%", "\\%") + "\n";
    }

    /**
     * A CronJob in the conventions of {@code deploy/kubernetes/sync-cronjob.yaml}: the runbook from
     * the ConfigMap {@code ferry-runbooks}, the journal in PostgreSQL so that a paused run continues
     * in the next window's job whichever node it runs on, Forbid so that two jobs never overlap.
     *
     * @param runbook the runbook, with its schedule
     * @param fileName the runbook's file name, its key in the ConfigMap
     * @param zone the zone the windows are read in
     * @param version the image's tag
     * @return the manifest
     */
    static String kubernetes(Runbook runbook, String fileName, ZoneId zone, String version) {
        Schedule s = runbook.schedule();
        String name = cronJobName(runbook.name());
        long windowSeconds = s.window().toSeconds();
        return "# Runbook " + runbook.name() + " in its maintenance windows: " + s.describe() + ", read in " + zoneName(zone) + ".\n"
                + "# Each job runs or continues the run; when the window closes the run pauses at the end of its\n"
                + "# batch (exit code 7) and the next window's job continues it from the journal in PostgreSQL.\n"
                + "# Forbid keeps two jobs from overlapping; a job that starts late still runs inside its window.\n"
                + "apiVersion: batch/v1\n"
                + "kind: CronJob\n"
                + "metadata:\n"
                + "  name: " + name + "\n"
                + "  namespace: ferry\n"
                + "spec:\n"
                + "  schedule: \"" + s.cron() + "\"\n"
                + "  timeZone: \"" + zoneName(zone) + "\"\n"
                + "  concurrencyPolicy: Forbid\n"
                + "  startingDeadlineSeconds: " + windowSeconds + "\n"
                + "  successfulJobsHistoryLimit: 3\n"
                + "  failedJobsHistoryLimit: 3\n"
                + "  jobTemplate:\n"
                + "    spec:\n"
                + "      backoffLimit: 0\n"
                + "      template:\n"
                + "        spec:\n"
                + "          serviceAccountName: ferry\n"
                + "          restartPolicy: Never\n"
                + "          securityContext:\n"
                + "            runAsNonRoot: true\n"
                + "            runAsUser: 65532\n"
                + "          containers:\n"
                + "            - name: ferry\n"
                + "              image: ferry:" + version + "\n"
                + "              args: [\"run\", \"/runbooks/" + fileName + "\", \"--yes\"]\n"
                + "              env:\n"
                + "                - name: FERRY_STATE\n"
                + "                  value: postgresql://ferry@postgres.ferry.svc:5432/ferry?sslmode=verify-full\n"
                + "                - name: PGPASSWORD\n"
                + "                  valueFrom:\n"
                + "                    secretKeyRef:\n"
                + "                      name: ferry-postgres\n"
                + "                      key: password\n"
                + "                - name: FERRY_JOURNAL_KEY\n"
                + "                  valueFrom:\n"
                + "                    secretKeyRef:\n"
                + "                      name: ferry-journal-key\n"
                + "                      key: key\n"
                + "                - name: FERRY_ACTOR\n"
                + "                  value: " + name + "-cronjob\n"
                + "              securityContext:\n"
                + "                allowPrivilegeEscalation: false\n"
                + "                readOnlyRootFilesystem: true\n"
                + "              volumeMounts:\n"
                + "                - name: runbooks\n"
                + "                  mountPath: /runbooks\n"
                + "                  readOnly: true\n"
                + "                - name: scratch\n"
                + "                  mountPath: /tmp\n"
                + "          volumes:\n"
                + "            - name: runbooks\n"
                + "              configMap:\n"
                + "                name: ferry-runbooks\n"
                + "            - name: scratch\n"
                + "              emptyDir: {}\n";
    }

    /** @return {@code ferry-} and the runbook's name as a DNS label: lower case, digits and dashes */
    static String cronJobName(String runbook) {
        String label = runbook.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String name = "ferry-" + (label.isEmpty() ? "runbook" : label);
        return name.length() <= CRONJOB_NAME ? name : name.substring(0, CRONJOB_NAME).replaceAll("-+$", "");
    }

    /** @return the zone as the tz database names it, which Kubernetes and CRON_TZ take */
    static String zoneName(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "Etc/UTC" : zone.getId();
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
