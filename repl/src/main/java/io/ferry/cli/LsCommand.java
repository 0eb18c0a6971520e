package io.ferry.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.api.RestorePoint;
import io.ferry.cli.terminal.Cells;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.SecretProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry ls URI [PREFIX]}: the secrets in a store, by key, without their values. A restore
 * point ({@code point:NAME}) is listed from the state store, as what its restore would write back.
 */
@Command(name = "ls", description = {"Lists the secrets in a store: key, version, last update and tags. Never values.",
        "point:NAME lists what a restore point holds."})
final class LsCommand implements Callable<Integer> {

    /**
     * Version ids are up to 36 characters in the stores' own forms (an AWS or console UUID, a Ferry
     * idempotency token of 32 hex digits), so that the column holds them; Ferry's 64-digit tokens and
     * longer keys push their row's later columns right rather than being cut.
     */
    private static final String ROW = "%-40s  %-36s  %-23s  %s%n";
    private static final int PAGE = 100;

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "The store, for example local:secrets.db or memory:.")
    private String uri;

    @Parameters(index = "1", paramLabel = "PREFIX", arity = "0..1", defaultValue = "",
            description = "Only keys starting with this, for example app/.")
    private String prefix;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // A restore point is read from the state store, which must exist: listing one never creates it.
        boolean point = uri.startsWith(RestorePoint.SCHEME + ":");
        if (point && main.stateLocation().isMissingFile()) {
            throw new FerryException(ExitCode.USAGE, "no restore point '" + uri.substring(RestorePoint.SCHEME.length() + 1)
                    + "': " + main.stateLocation() + " does not exist; take one with: ferry backup URI");
        }
        try (Ferry ferry = point ? main.ferry() : null;
             SecretProvider store = point ? ferry.openExisting(uri) : Stores.openExisting(main.host(), uri);
             Stream<SecretSummary> listing = store.stream(prefix, PAGE)) {
            long count = output.json() ? printJson(out, listing.iterator()) : printText(out, listing.iterator());
            if (count == 0 && !output.json()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("ferry: no secrets" + (prefix.isEmpty() ? "" : " under '" + prefix + "'") + " in " + uri);
                err.flush();
            }
            out.flush();
            return 0;
        }
    }

    private static long printText(PrintWriter out, Iterator<SecretSummary> listing) {
        long count = 0;
        while (listing.hasNext()) {
            SecretSummary s = listing.next();
            if (count++ == 0) {
                out.printf(ROW, "KEY", "VERSION", "UPDATED", "TAGS");
            }
            out.printf(ROW, s.key(), s.version() == null ? "-" : s.version(), RunSummary.time(s.updatedAt()),
                    tags(s.tags()));
        }
        return count;
    }

    private static long printJson(PrintWriter out, Iterator<SecretSummary> listing) {
        long count = 0;
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartArray();
            while (listing.hasNext()) {
                SecretSummary s = listing.next();
                g.writeStartObject();
                g.writeStringField("key", s.key());
                g.writeStringField("version", s.version());
                g.writeStringField("updatedAt", Json.time(s.updatedAt()));
                g.writeObjectField("tags", s.tags());
                g.writeEndObject();
                count++;
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        return count;
    }

    static String tags(Map<String, String> tags) {
        return Cells.tags(tags);
    }
}
