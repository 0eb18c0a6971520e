package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.api.RunResult;
import io.ferry.cli.host.Host;
import io.ferry.cli.host.Interrupts;
import io.ferry.report.ReportWriter;
import io.ferry.run.Cancellation;
import io.ferry.state.RunStage;
import io.ferry.state.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The engine for one command that runs, applies, resumes or rolls back: progress on standard error,
 * Ctrl-C wired to the engine's cancellation while work is under way, and the outcome printed with
 * the exit code that goes with it.
 */
final class RunSession implements AutoCloseable {

    private final Cancellation cancellation = new Cancellation();
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final Ferry ferry;
    private final Interrupts interrupts;

    /**
     * @param main the command line's settings
     * @param spec the command, for its writers
     * @param json whether results are written as JSON
     */
    RunSession(Main main, CommandSpec spec, boolean json) {
        this(main.configure(), main.host(), main.interrupts(), spec, json);
    }

    /**
     * @param config the engine's settings, to which progress and cancellation are added
     * @param host the terminal, to choose between a progress bar and progress lines
     * @param interrupts how Ctrl-C reaches the engine
     * @param spec the command, for its writers
     * @param json whether results are written as JSON
     */
    RunSession(Ferry.Configuration config, Host host, Interrupts interrupts, CommandSpec spec, boolean json) {
        this.interrupts = interrupts;
        this.out = spec.commandLine().getOut();
        this.err = spec.commandLine().getErr();
        this.json = json;
        ProgressReporter progress = new ProgressReporter(err, host.terminal().stderrIsTerminal(), System::nanoTime);
        this.ferry = config.progress(progress).cancellation(cancellation).load();
    }

    /** @return the engine */
    Ferry ferry() {
        return ferry;
    }

    /** @return a report printer for this session's output */
    RunReport report() {
        return new RunReport(ferry, out, json);
    }

    /**
     * Does work that Ctrl-C may interrupt.
     *
     * @param work a run, apply, resume, rollback or migration
     * @return its outcome
     */
    <T> T interruptible(Function<Ferry, T> work) {
        try (Interrupts.Watch ctrlC = interrupts.watch(cancellation, err)) {
            return work.apply(ferry);
        }
    }

    /**
     * Prints an outcome and says how to continue an interrupted run.
     *
     * @param result the outcome
     * @return the exit code
     */
    int finish(RunResult result) {
        report().print(result);
        noteInterruption(result);
        noteReport(result);
        return result.exitCode().code();
    }

    /**
     * Says on standard error where the run's report is.
     *
     * @param result the outcome
     */
    void noteReport(RunResult result) {
        Path page = ferry.reportDirectory(result.runId()).resolve(ReportWriter.HTML);
        if (Files.isRegularFile(page)) {
            err.println("ferry: report: " + page);
            err.flush();
        }
    }

    /** @return the cancellation that Ctrl-C requests */
    Cancellation cancellation() {
        return cancellation;
    }

    /**
     * Says on standard error how to continue a run that Ctrl-C stopped.
     *
     * @param result the outcome
     */
    void noteInterruption(RunResult result) {
        if (result.status() != RunStatus.INTERRUPTED) {
            return;
        }
        boolean rollingBack = ferry.run(result.runId()).stage() == RunStage.ROLLBACK;
        err.println(rollingBack
                ? "ferry: interrupted; continue with: ferry rollback " + result.runId()
                : "ferry: interrupted; resume with: ferry resume " + result.runId());
        err.flush();
    }

    @Override
    public void close() {
        ferry.close();
    }
}
