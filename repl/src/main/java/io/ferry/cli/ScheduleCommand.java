package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.api.RunResult;
import io.ferry.run.Cancellation;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Schedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ferry schedule RUNBOOK}: runs a runbook's maintenance windows in the foreground, for a
 * container or a service: waits for the next window, runs or continues the run in it, and again,
 * until the run ends or Ctrl-C. With {@code --print-crontab} or {@code --print-kubernetes} it prints
 * the crontab line or the CronJob that does the same from a scheduler instead.
 */
@Command(name = "schedule", sortOptions = false,
        description = {
                "Runs a runbook's maintenance windows in the foreground: prints the next windows, waits for each,",
                "runs or continues the run in it until the window closes, and again until the run ends.",
                "Ctrl-C stops it; a run paused or interrupted continues with 'ferry resume RUN' or the next start.",
                "With --print-crontab or --print-kubernetes, prints the crontab line or the Kubernetes CronJob",
                "that starts 'ferry run RUNBOOK --yes' at each window instead, and runs nothing."})
final class ScheduleCommand implements Callable<Integer> {

    /** How long a wait sleeps between looks at Ctrl-C and the clock. */
    private static final long NAP_MS = 1000;

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUNBOOK", description = "A runbook with a schedule: schedule cron: '0 2 * * 0', window: '2h'.")
    private Path runbook;

    @Option(names = "--print-crontab", description = "Print the crontab line that runs the runbook in its windows, and stop.")
    private boolean crontab;

    @Option(names = "--print-kubernetes", description = "Print the Kubernetes CronJob that runs the runbook in its windows, and stop.")
    private boolean kubernetes;

    @Option(names = "--next", paramLabel = "N", defaultValue = "5", description = "How many of the next windows to print (default: 5).")
    private int next;

    @Override
    public Integer call() {
        if (crontab && kubernetes) {
            throw new FerryException(ExitCode.USAGE, "give one of --print-crontab and --print-kubernetes");
        }
        if (next < 1) {
            throw new FerryException(ExitCode.USAGE, "--next takes a whole number of at least 1, not " + next);
        }
        Path file = main.host().resolve(runbook).toAbsolutePath();
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemDefaultZone();
        try (RunSession session = new RunSession(main, spec, false)) {
            Runbook rb = session.ferry().load(file);
            Schedule schedule = rb.schedule();
            if (schedule == null || !schedule.recurring()) {
                throw new FerryException(ExitCode.USAGE, "runbook " + rb.name() + " has no schedule to run; add one to it:"
                        + " schedule cron: '0 2 * * 0', window: '2h'");
            }
            if (crontab) {
                // Line by line: the terminal writer shows a line break within one write as an escape.
                ScheduleExport.crontab(rb, file, main.host().resolve(Path.of("")).toAbsolutePath(),
                        main.stateLocation().localFile().map(Path::toAbsolutePath).orElse(null), clock.getZone())
                        .lines().forEach(out::println);
                out.flush();
                return ExitCode.SUCCESS.code();
            }
            if (kubernetes) {
                ScheduleExport.kubernetes(rb, file.getFileName().toString(), clock.getZone(), VersionProvider.version())
                        .lines().forEach(out::println);
                out.flush();
                return ExitCode.SUCCESS.code();
            }
            return inForeground(session, rb, schedule, clock, out);
        }
    }

    private int inForeground(RunSession session, Runbook rb, Schedule schedule, Clock clock, PrintWriter out) {
        List<Instant> openings = schedule.nextOpenings(clock.instant(), clock.getZone(), next);
        out.println("runbook " + rb.name() + ": " + schedule.describe() + ", read in " + ScheduleExport.zoneName(clock.getZone()));
        openings.forEach(o -> out.println("  next window: " + o.truncatedTo(ChronoUnit.SECONDS) + " to "
                + o.plus(schedule.window()).truncatedTo(ChronoUnit.SECONDS)));
        out.flush();
        WindowLoop loop = new WindowLoop(schedule, clock,
                when -> session.interruptible(f -> waitUntil(when, clock, session.cancellation())), out);
        RunResult result = loop.run(() -> session.interruptible(f -> f.run(rb)), paused -> session.report().print(paused));
        if (result == null) {
            spec.commandLine().getErr().println("ferry: stopped while waiting for a window; nothing was under way");
            spec.commandLine().getErr().flush();
            return ExitCode.INTERRUPTED.code();
        }
        return session.finish(result);
    }

    /** @return true when the time came, false when Ctrl-C came first */
    private static boolean waitUntil(Instant when, Clock clock, Cancellation cancellation) {
        while (!cancellation.requested()) {
            long left = when.toEpochMilli() - clock.millis();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(left, NAP_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
