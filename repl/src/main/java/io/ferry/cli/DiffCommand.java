package io.ferry.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ferry.api.DiffReport;
import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.cli.host.Interrupts;
import io.ferry.run.Cancellation;
import io.ferry.spi.SecretProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry diff A B}: the drift between two stores, compared by value fingerprints. */
@Command(name = "diff", sortOptions = false,
        description = {
                "Compares two stores key by key: keys missing from B, keys extra in B, and values that differ",
                "(compared by fingerprint, never shown).",
                "Exits with 0 when they are in sync and 1 when they differ."})
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The reference store, for example local:source.db.")
    private String a;

    @Parameters(index = "1", paramLabel = "B", description = "The store compared with it, for example local:target.db.")
    private String b;

    @Option(names = "--all", description = "List every difference (default: the first " + ItemTable.DEFAULT_LIMIT + ").")
    private boolean all;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Cancellation cancellation = new Cancellation();
        try (Ferry ferry = main.configure().cancellation(cancellation).load();
             SecretProvider left = ferry.openExisting(a);
             SecretProvider right = ferry.openExisting(b)) {
            DiffReport report;
            Interrupts.Watch ctrlC = Interrupts.SIGNAL.watch(cancellation, err);
            try {
                report = output.json() ? json(ferry, left, right, out) : text(ferry, left, right, out);
            } finally {
                ctrlC.close();
            }
            if (!report.complete()) {
                err.println("ferry: interrupted; the comparison is incomplete");
                err.flush();
                return ExitCode.INTERRUPTED.code();
            }
            return report.inSync() ? ExitCode.SUCCESS.code() : ExitCode.ISSUES.code();
        }
    }

    private DiffReport text(Ferry ferry, SecretProvider left, SecretProvider right, PrintWriter out) {
        long[] shown = {0};
        int limit = all ? Integer.MAX_VALUE : ItemTable.DEFAULT_LIMIT;
        DiffReport report = ferry.diff(left, right, entry -> {
            if (shown[0]++ < limit) {
                out.println(line(entry));
            }
        });
        long differences = report.different() + report.missing() + report.extra();
        if (differences > limit) {
            out.println("  ... " + (differences - limit) + " more; show them all with --all");
        }
        out.println("A: " + a);
        out.println("B: " + b);
        out.println(report.same() + " same, " + report.different() + " different, " + report.missing() + " missing from B, "
                + report.extra() + " extra in B: " + (report.inSync() ? "in sync" : "the stores differ"));
        out.flush();
        return report;
    }

    private static String line(DiffReport.Entry entry) {
        return switch (entry.kind()) {
            case MISSING -> "- missing    " + entry.key() + "  (in A, not in B)";
            case EXTRA -> "+ extra      " + entry.key() + "  (in B, not in A)";
            case DIFFERENT -> "~ different  " + entry.key() + "  (the values differ)";
        };
    }

    private DiffReport json(Ferry ferry, SecretProvider left, SecretProvider right, PrintWriter out) {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeStringField("a", a);
            g.writeStringField("b", b);
            g.writeArrayFieldStart("differences");
            DiffReport report = ferry.diff(left, right, unchecked(entry -> {
                g.writeStartObject();
                g.writeStringField("key", entry.key());
                g.writeStringField("kind", entry.kind().name().toLowerCase(Locale.ROOT));
                g.writeEndObject();
            }));
            g.writeEndArray();
            g.writeNumberField("same", report.same());
            g.writeNumberField("different", report.different());
            g.writeNumberField("missing", report.missing());
            g.writeNumberField("extra", report.extra());
            g.writeBooleanField("inSync", report.inSync());
            g.writeBooleanField("complete", report.complete());
            g.writeEndObject();
            g.flush();
            out.println();
            out.flush();
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Consumer<DiffReport.Entry> unchecked(EntryWriter writer) {
        return entry -> {
            try {
                writer.write(entry);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Writes one difference to the JSON generator, which may fail with an IOException. */
    @FunctionalInterface
    private interface EntryWriter {
        void write(DiffReport.Entry entry) throws IOException;
    }
}
