package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.phase.Evidence;
import io.ferry.phase.Gate;
import io.ferry.phase.Phase;
import io.ferry.runbook.Monitoring;
import io.ferry.state.PhaseJournal;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry phase RUN [--to PHASE]}: where a migration stands in its cutover, and moving it on. */
@Command(name = "phase", sortOptions = false,
        description = {
                "Shows where a migration (a run or a sync) stands in its cutover, with the evidence its gates use:",
                "copying, dual-write, shadow-read, cutover, complete, or rolled-back.",
                "With --to, moves it on when the gate holds, and says why not when it does not;",
                "--to rolled-back rolls back what the migration wrote, from any phase before complete."})
final class PhaseCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "The run's or sync's id, or a unique prefix of it.")
    private String migration;

    @Option(names = "--to", paramLabel = "PHASE",
            description = "The phase to move to: dual-write, shadow-read, cutover, complete or rolled-back.")
    private String to;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        main.requireStateStoreFor(migration);
        Phase target = null;
        if (to != null) {
            try {
                target = Phase.of(to);
            } catch (IllegalArgumentException e) {
                throw new FerryException(ExitCode.USAGE, "--to: " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (RunSession session = new RunSession(main, spec, output.json())) {
            Ferry ferry = session.ferry();
            Gate moved = null;
            if (target != null) {
                Phase wanted = target;
                moved = session.interruptible(f -> f.phase(migration, wanted));
            }
            Evidence e = ferry.phase(migration);
            if (output.json()) {
                Json.print(out, json(e, moved));
                return ExitCode.SUCCESS.code();
            }
            if (moved != null) {
                out.println("moved " + e.migrationId() + " to " + moved.to().label() + ": " + moved.reason());
            }
            print(out, ferry, e);
            out.flush();
            return ExitCode.SUCCESS.code();
        }
    }

    private static void print(PrintWriter out, Ferry ferry, Evidence e) {
        out.println(e.migrationId() + ": " + e.phase().label() + " since " + e.since());
        out.println("  copy:          " + e.copy());
        out.println("  owed writes:   " + e.pendingRetries() + " (dual-write retry queues in this state store)");
        if (e.lastCheck() == null) {
            out.println("  shadow read:   no checks yet (bar " + rate(e.minMatchRate()) + " for " + Monitoring.format(e.window()) + ")");
        } else {
            out.println("  shadow read:   " + e.windowChecks() + " checks cover " + Monitoring.format(e.covered()) + " of "
                    + Monitoring.format(e.window()) + "; match rate " + rate(e.windowMatchRate()) + ", lowest "
                    + rate(e.lowestMatchRate()) + ", bar " + rate(e.minMatchRate()));
            out.println("  drift:         " + e.drift() + " records differed at the latest check (" + e.lastCheck().at() + ")");
        }
        Phase next = e.phase().next();
        if (next != null && !e.phase().isFinal()) {
            Gate gate = ferry.gate(e, next);
            out.println("  next:          " + next.label() + (gate.open() ? ", ready: " : ", not yet: ") + gate.reason());
        }
        out.println("history:");
        for (PhaseJournal.Transition t : e.history()) {
            out.println("  " + t.at() + "  " + label(t.to()) + "  by " + t.actor() + ": " + t.reason());
        }
    }

    private static String label(String phase) {
        return String.format(Locale.ROOT, "%-11s", Phase.valueOf(phase).label());
    }

    private static String rate(double r) {
        return String.format(Locale.ROOT, "%.4f", r);
    }

    private static ObjectNode json(Evidence e, Gate moved) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("migration", e.migrationId());
        n.put("phase", e.phase().label());
        n.put("since", e.since().toString());
        if (moved != null) {
            n.put("moved", moved.reason());
        }
        n.put("copy", e.copy());
        n.put("copyDone", e.copyDone());
        n.put("pendingRetries", e.pendingRetries());
        n.put("minMatchRate", e.minMatchRate());
        n.put("windowMs", e.window().toMillis());
        n.put("coveredMs", e.covered().toMillis());
        n.put("windowChecks", e.windowChecks());
        n.put("windowCompared", e.windowCompared());
        n.put("windowMatchRate", e.windowMatchRate());
        n.put("lowestMatchRate", e.lowestMatchRate());
        n.put("drift", e.drift());
        n.put("held", e.held());
        var history = n.putArray("history");
        for (PhaseJournal.Transition t : e.history()) {
            ObjectNode h = history.addObject();
            h.put("at", t.at().toString());
            h.put("from", t.from() == null ? null : Phase.valueOf(t.from()).label());
            h.put("to", Phase.valueOf(t.to()).label());
            h.put("actor", t.actor());
            h.put("reason", t.reason());
        }
        return n;
    }
}
