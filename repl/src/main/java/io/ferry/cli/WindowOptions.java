package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.runbook.Monitoring;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Schedule;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --window DURATION} and {@code --now} options of the commands that run or continue a
 * run: a maintenance window opened now, in place of the windows the runbook's schedule names.
 */
final class WindowOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private Duration window;

    @Option(names = "--now",
            description = {"For a runbook with a schedule: write now, in a window as long as the schedule's,",
                    "rather than wait for the next one. Without it, outside a window nothing starts (exit code 7)."})
    boolean now;

    @Option(names = "--window", paramLabel = "DURATION",
            description = {"Write in one maintenance window that opens now and lasts DURATION (30m, 2h): when it closes,",
                    "the run pauses at the end of its batch (PAUSED, exit code 7); continue it with",
                    "'ferry resume RUN --window DURATION'."})
    void window(String text) {
        try {
            this.window = new Schedule(null, Monitoring.parseDuration(text, "--window")).window();
        } catch (IllegalArgumentException e) {
            String why = e.getMessage();
            throw new ParameterException(mixee.commandLine(), why.startsWith("window '") ? "--" + why : why);
        }
    }

    /** @return the window asked for, or null when neither option was given */
    Duration window() {
        return window;
    }

    /** @return whether a window was asked to open now */
    boolean opensNow() {
        return now || window != null;
    }

    /**
     * @param runbook the runbook as written
     * @return it with the window asked for opened now, or as written when none was asked for
     * @throws FerryException when {@code --now} is given for a runbook without a schedule
     */
    Runbook apply(Runbook runbook) {
        if (!opensNow() || runbook.isProcedure()) {
            return runbook;
        }
        if (window != null) {
            return runbook.toBuilder().schedule(Schedule.adHoc(window)).build();
        }
        if (runbook.schedule() == null) {
            throw new FerryException(ExitCode.USAGE, "--now opens a runbook's maintenance window now, and runbook "
                    + runbook.name() + " has no schedule; drop --now, or give a window: --window 2h");
        }
        return runbook.toBuilder().schedule(Schedule.adHoc(runbook.schedule().window())).build();
    }
}
