package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.RunResult;
import io.ferry.runbook.Monitoring;
import io.ferry.state.SyncJournal;
import io.ferry.sync.ContinuousSync;
import io.ferry.sync.SyncPass;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry resume RUN}: continues an interrupted or stopped run, or a paused or stopped sync. */
@Command(name = "resume",
        description = {
                "Continues a run that was interrupted or stopped, from its journal.",
                "Nothing already written is written again; failed writes are tried again.",
                "A run PAUSED at the end of a maintenance window continues only in the next window of its",
                "runbook (or now, with --now or --window); source records that changed meanwhile are planned again.",
                "Given a sync, lets a paused sync go on; a sync whose process ended goes on in this one",
                "(with --once, for one pass).",
                "Ctrl-C stops at the next batch; resume again later."})
final class ResumeCommand extends RunIdCommand {

    @Mixin
    private MetricsOptions metrics;

    @Mixin
    private WindowOptions windows;

    @Option(names = "--once", description = "For a sync: run one pass and stop (for a pass per cron tick).")
    private boolean once;

    @Override
    public Integer call() {
        main.requireStateStoreFor(run);
        try (Ferry ferry = main.ferry()) {
            if (ferry.isSync(run)) {
                return resumeSync();
            }
            String id = ferry.run(run).id();
            try (MetricsOptions.Exports exports = metrics.start(main, ferry, () -> id)) {
                return super.call();
            }
        }
    }

    @Override
    RunResult carryOut(Ferry ferry, String runId) {
        if (windows.window() != null) {
            return ferry.resume(runId, windows.window());
        }
        return windows.opensNow() ? ferry.resume(runId, (Duration) null) : ferry.resume(runId);
    }

    private int resumeSync() {
        PrintWriter out = spec.commandLine().getOut();
        try (RunSession session = new RunSession(main, spec, false)) {
            Ferry ferry = session.ferry();
            SyncJournal.Sync rec = ferry.pauseSync(run, false);
            Optional<String> runner = once ? Optional.empty() : ferry.syncRunningElsewhere(rec.id());
            if (runner.isPresent()) {
                out.println("sync " + rec.id() + " resumed; " + runner.get() + " runs its next pass");
                out.flush();
                return ExitCode.SUCCESS.code();
            }
            AtomicReference<SyncPass> last = new AtomicReference<>();
            AtomicReference<String> id = new AtomicReference<>(rec.id());
            try (MetricsOptions.Exports exports = metrics.start(main, ferry, id::get);
                 ContinuousSync continued = ferry.continueSync(rec.id(), new SyncCommand.Printer(out, exports, last, id))) {
                out.println("sync " + rec.id() + " goes on in this process, every "
                        + Monitoring.format(rec.every()) + ", after " + rec.passes() + " passes");
                out.flush();
                session.interruptible(f -> {
                    continued.run(once);
                    return null;
                });
                return SyncCommand.exit(session, spec.commandLine().getErr(), rec.id(), last.get());
            }
        }
    }
}
