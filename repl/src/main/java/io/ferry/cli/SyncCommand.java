package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.runbook.Monitoring;
import io.ferry.runbook.Runbook;
import io.ferry.sync.ContinuousSync;
import io.ferry.sync.SyncListener;
import io.ferry.sync.SyncPass;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry sync RUNBOOK --every 5m}: keeps the target in step with the source, pass after pass. */
@Command(name = "sync", sortOptions = false,
        description = {
                "Keeps a runbook's target in step with its source: a pass now, then one every --every.",
                "Each pass copies only what changed since the last (by change feed, else by version or update time),",
                "as an ordinary run of the runbook. Ctrl-C stops; continue with 'ferry resume SYNC'.",
                "'ferry pause SYNC' holds the passes from another terminal."})
final class SyncCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUNBOOK", description = "The runbook file, for example V1__copy.groovy.")
    private Path runbook;

    @Option(names = "--every", paramLabel = "DURATION",
            description = "The wait between passes, such as 30s, 5m or 1h (default: the runbook's monitoring { sync every: ... }).")
    private String every;

    @Option(names = "--once", description = "Run one pass and stop.")
    private boolean once;

    @Option(names = "--propagate-deletes", description = "Delete from the target what was deleted from the source "
            + "(only target keys this sync wrote).")
    private boolean propagateDeletes;

    @Mixin
    private MetricsOptions metrics;

    @Override
    public Integer call() {
        Path file = main.host().resolve(runbook);
        try (RunSession session = new RunSession(main, spec, false)) {
            Runbook rb = session.ferry().load(file);
            Duration wait = wait(rb);
            PrintWriter out = spec.commandLine().getOut();
            AtomicReference<SyncPass> last = new AtomicReference<>();
            AtomicReference<String> id = new AtomicReference<>();
            try (MetricsOptions.Exports exports = metrics.start(main, session.ferry(), id::get);
                 ContinuousSync sync = session.ferry().startSync(rb, wait, propagateDeletes,
                         new Printer(out, exports, last, id))) {
                id.set(sync.id());
                out.println("sync " + sync.id() + ": " + rb.source().toUri() + " -> " + rb.target().toUri() + ", every "
                        + Monitoring.format(wait) + (propagateDeletes ? ", deletions carried over" : ""));
                out.flush();
                session.interruptible(f -> {
                    sync.run(once);
                    return null;
                });
                return exit(session, spec.commandLine().getErr(), sync.id(), last.get());
            }
        }
    }

    private Duration wait(Runbook rb) {
        if (every != null) {
            try {
                Duration d = Monitoring.parseDuration(every, "--every");
                if (!d.isZero()) {
                    return d;
                }
            } catch (IllegalArgumentException e) {
                throw new FerryException(ExitCode.USAGE, e.getMessage());
            }
            throw new FerryException(ExitCode.USAGE, "--every must be longer than 0");
        }
        if (rb.monitoring().syncEvery() != null) {
            return rb.monitoring().syncEvery();
        }
        if (once) {
            return Duration.ofMinutes(5);
        }
        throw new FerryException(ExitCode.USAGE, "how often to sync is not set; give --every 5m, or add to the runbook: "
                + "monitoring { sync every: '5m' }");
    }

    /**
     * The exit code after the passes end: interrupted; the last pass stopped by a failure, with the
     * code a run gives for it (a store that cannot be used is 6); the last pass incomplete; or fine.
     */
    static int exit(RunSession session, PrintWriter err, String syncId, SyncPass last) {
        if (session.cancellation().requested() || (last != null && last.interrupted())) {
            err.println("ferry: sync stopped; continue with: ferry resume " + syncId);
            err.flush();
            return ExitCode.INTERRUPTED.code();
        }
        if (last != null && last.failure() != null) {
            return FailureHandler.exitCodeOf(last.failure());
        }
        return last == null || last.complete() ? ExitCode.SUCCESS.code() : ExitCode.ISSUES.code();
    }

    /** Prints each pass as one line and refreshes the metrics file. */
    static final class Printer implements SyncListener {
        private final PrintWriter out;
        private final MetricsOptions.Exports exports;
        private final AtomicReference<SyncPass> last;
        private final AtomicReference<String> id;

        Printer(PrintWriter out, MetricsOptions.Exports exports, AtomicReference<SyncPass> last, AtomicReference<String> id) {
            this.out = out;
            this.exports = exports;
            this.last = last;
            this.id = id;
        }

        @Override
        public void passed(SyncPass pass) {
            last.set(pass);
            out.println("pass " + pass.pass() + " (" + pass.mode() + "): " + pass.changed() + " changed, " + pass.deleted()
                    + " deleted" + (pass.runId() == null ? "" : "; run " + pass.runId() + " " + pass.runStatus())
                    + (pass.error() == null ? "" : "; " + pass.error()));
            out.flush();
            exports.publish();
        }

        @Override
        public void paused() {
            out.println("sync " + id.get() + " is paused; it goes on after: ferry resume " + id.get());
            out.flush();
        }
    }
}
