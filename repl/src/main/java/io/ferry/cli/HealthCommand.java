package io.ferry.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ferry.api.ExitCode;
import io.ferry.runbook.Execution;
import io.ferry.spi.HealthReport;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.pacing.Backoff;
import io.ferry.spi.pacing.HealthCheckRetry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ferry health URI...}: whether each store is reachable, accepts the credentials and allows
 * listing, and with {@code --write-probe} whether a probe secret can be written and removed, so that
 * a runbook's stores can be checked before a run (every run also checks them before planning). Only
 * the checks that ran are reported: a store that was never contacted is said to be so. A transient
 * failure (a 5xx, throttling, no answer) is asked again under a run's default retry policy, as a
 * run's own check is, and the answer says how many retries it took.
 */
@Command(name = "health", description = {
        "Checks that each store is reachable, accepts the credentials and allows listing; with --write-probe, "
                + "also writes and removes a probe secret.",
        "A transient failure (HTTP 5xx, throttling, no answer) is retried as a run retries a write "
                + "(3 retries, back-off from 100 ms); the answer says how many retries it took.",
        "Exits 0 when every store is healthy, 6 otherwise."})
final class HealthCommand implements Callable<Integer> {

    /** The retries of a run that does not say otherwise, as {@link Execution#defaults()} has them. */
    private static final int RETRIES = Execution.defaults().retries();

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "URI", arity = "1..*", description = "The stores, for example aws:us-east-1/app/.")
    private List<String> uris;

    @Option(names = "--write-probe", description = "Also write and delete a probe secret in each store.")
    private boolean writeProbe;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        List<HealthReport> reports = new ArrayList<>();
        for (String uri : uris) {
            try (SecretProvider store = Stores.openExisting(main.host(), uri)) {
                reports.add(HealthCheckRetry.check(store, writeProbe, RETRIES, Backoff.DEFAULT));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            printJson(out, reports);
        } else {
            for (int i = 0; i < reports.size(); i++) {
                printText(out, uris.get(i), reports.get(i));
            }
        }
        out.flush();
        return reports.stream().allMatch(HealthReport::healthy) ? 0 : ExitCode.ENVIRONMENT.code();
    }

    private static void printText(PrintWriter out, String uri, HealthReport r) {
        String where = uri.equals(r.endpoint()) ? uri : uri + " (" + r.endpoint() + ")";
        List<String> checked = new ArrayList<>();
        checked.add(r.reachable() == null ? "not contacted" : "reachable " + yes(r.reachable()));
        if (r.authenticated() != null) {
            checked.add("authenticated " + yes(r.authenticated()));
        }
        if (r.canList() != null) {
            checked.add("can list " + yes(r.canList()));
        }
        if (r.canWrite() != null) {
            checked.add("can write " + yes(r.canWrite()));
        }
        if (r.retries() > 0) {
            checked.add((r.healthy() ? "after " : "still failing after ") + r.retries() + (r.retries() == 1 ? " retry" : " retries")
                    + " of a transient failure");
        }
        out.printf("%s %s: %s%n", r.healthy() ? "ok  " : "FAIL", where, String.join(", ", checked));
        r.problems().forEach(p -> out.println("      " + p));
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    /** Writes a check's outcome, or null for a check that did not run. */
    private static void check(JsonGenerator g, String name, Boolean outcome) throws IOException {
        if (outcome == null) {
            g.writeNullField(name);
        } else {
            g.writeBooleanField(name, outcome);
        }
    }

    private static void printJson(PrintWriter out, List<HealthReport> reports) {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartArray();
            for (HealthReport r : reports) {
                g.writeStartObject();
                g.writeStringField("endpoint", r.endpoint());
                g.writeBooleanField("healthy", r.healthy());
                check(g, "reachable", r.reachable());
                check(g, "authenticated", r.authenticated());
                check(g, "canList", r.canList());
                if (r.canWrite() != null) {
                    g.writeBooleanField("canWrite", r.canWrite());
                }
                g.writeNumberField("retries", r.retries());
                g.writeBooleanField("transientFailure", !r.healthy() && r.transientFailure());
                g.writeArrayFieldStart("problems");
                for (String p : r.problems()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
