package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.monitor.MonitorListener;
import io.ferry.monitor.MonitorResult;
import io.ferry.state.PhaseJournal;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry monitor RUN}: the runbook's shadow read, comparing source and target on a schedule. */
@Command(name = "monitor", sortOptions = false,
        description = {
                "Runs the runbook's shadow read for a migration (a run or a sync): compares a sample of the migrated",
                "records between source and target every 'every', until 'during' has passed or the match rate falls",
                "below 'minMatchRate' (monitoring { shadowRead every: '1m', during: '1h', sample: 0.1; minMatchRate 0.999 }).",
                "Each comparison is kept as the evidence 'ferry phase RUN --to cutover' needs. Ctrl-C stops."})
final class MonitorCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "The run's or sync's id, or a unique prefix of it.")
    private String migration;

    @Mixin
    private MetricsOptions metrics;

    @Override
    public Integer call() {
        main.requireStateStoreFor(migration);
        PrintWriter out = spec.commandLine().getOut();
        try (RunSession session = new RunSession(main, spec, false)) {
            String id = session.ferry().isSync(migration) ? session.ferry().sync(migration).id() : session.ferry().run(migration).id();
            try (MetricsOptions.Exports exports = metrics.start(main, session.ferry(), () -> id)) {
                MonitorListener printer = (check, differing) -> {
                    print(out, check, differing);
                    exports.publish();
                };
                MonitorResult result = session.interruptible(f -> f.monitor(id, printer));
                out.println((result.passed() ? "passed: " : result.interrupted() ? "stopped: " : "failed: ") + result.reason());
                out.flush();
                if (result.interrupted()) {
                    return ExitCode.INTERRUPTED.code();
                }
                return result.passed() ? ExitCode.SUCCESS.code() : ExitCode.VALIDATION_FAILED.code();
            }
        }
    }

    private static void print(PrintWriter out, PhaseJournal.Check check, List<String> differing) {
        String rate = check.compared() == 0 ? "no match rate: nothing to compare"
                : String.format(Locale.ROOT, "match rate %.4f", check.matchRate());
        out.println(String.format(Locale.ROOT, "%s  compared %d, matched %d, mismatched %d, missing %d, %s",
                check.at(), check.compared(), check.matched(), check.mismatched(), check.missing(), rate)
                + (differing.isEmpty() ? "" : "; differ: " + String.join(", ", differing)));
        out.flush();
    }
}
