package io.ferry.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.RunResult;
import io.ferry.cli.terminal.TerminalText;
import io.ferry.cli.terminal.TerminalWriter;
import io.ferry.rollback.Rollback.RollbackSummary;
import io.ferry.state.Action;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunRecord;
import io.ferry.verify.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/**
 * The JSON documents of {@code --output json}: one per command on standard output, with the same
 * facts as the text and, like it, never a value. Lists of items are streamed, so that a large run
 * needs no more memory as JSON than as text.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    static {
        MAPPER.getFactory().setCharacterEscapes(new ControlEscapes());
    }

    private Json() {
    }

    /**
     * @param out standard output
     * @return a generator that writes there, leaves it open when closed and indents for people reading along
     */
    static JsonGenerator generator(PrintWriter out) {
        try {
            return MAPPER.getFactory().createGenerator(TerminalWriter.unescaped(out)).useDefaultPrettyPrinter();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one finished document and a line end.
     *
     * @param out standard output
     * @param document the document
     */
    static void print(PrintWriter out, Object document) {
        try {
            PrintWriter json = TerminalWriter.unescaped(out);
            json.println(MAPPER.writeValueAsString(document));
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode run(RunRecord rec) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", rec.id());
        n.put("runbook", rec.runbookName());
        n.put("runbookPath", rec.runbookPath());
        n.put("source", rec.sourceUri());
        n.put("target", rec.targetUri());
        n.put("status", rec.status().name());
        n.put("stage", rec.stage() == null ? null : rec.stage().label());
        n.put("actor", rec.actor());
        n.put("startedAt", time(rec.startedAt()));
        n.put("updatedAt", time(rec.updatedAt()));
        n.put("finishedAt", time(rec.finishedAt()));
        n.put("error", rec.error());
        return n;
    }

    /**
     * @param rec the run as journaled
     * @param result its counts and outcome
     * @return the run, its exit code, plan counts, item counts, validation and rollback
     */
    static ObjectNode result(RunRecord rec, RunResult result) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode run = run(rec);
        run.put("status", result.status().name());
        run.put("error", result.error());
        n.set("run", run);
        n.put("exitCode", result.exitCode().code());
        ObjectNode plan = n.putObject("plan");
        for (Action a : Action.values()) {
            plan.put(a.name().toLowerCase(Locale.ROOT), result.plan().count(a));
        }
        plan.put("total", result.plan().total());
        plan.put("flagged", result.flagged());
        ObjectNode statuses = n.putObject("itemsByStatus");
        for (ItemStatus s : ItemStatus.values()) {
            statuses.put(s.name().toLowerCase(Locale.ROOT), result.count(s));
        }
        ValidationReport v = result.validation();
        if (v == null) {
            n.putNull("validation");
        } else {
            ObjectNode validation = MAPPER.valueToTree(v);
            validation.put("passed", v.passed());
            n.set("validation", validation);
        }
        RollbackSummary r = result.rollback();
        if (r == null) {
            n.putNull("rollback");
        } else {
            n.set("rollback", MAPPER.valueToTree(r));
        }
        n.put("auditFile", result.auditFile() == null ? null : result.auditFile().toString());
        return n;
    }

    /**
     * @param item an item, without images
     * @return its plan and outcome; fingerprints are keyed per run and safe to show
     */
    static ObjectNode item(JournalItem item) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("seq", item.seq());
        n.put("sourceKey", item.sourceKey());
        n.put("targetKey", item.targetKey());
        n.put("action", item.action().name().toLowerCase(Locale.ROOT));
        n.put("reason", item.reason());
        ArrayNode flags = n.putArray("flags");
        item.flags().forEach(flags::add);
        ArrayNode changes = n.putArray("changes");
        item.changes().forEach(changes::add);
        if (item.valueChanged() == null) {
            n.putNull("valueChanged");
        } else {
            n.put("valueChanged", item.valueChanged());
        }
        n.put("status", item.status().name().toLowerCase(Locale.ROOT));
        n.put("attempts", item.attempts());
        n.put("error", item.error());
        n.put("writtenVersion", item.writtenVersion());
        n.put("sourceFingerprint", item.sourceFingerprint());
        n.put("desiredFingerprint", item.desiredFingerprint());
        return n;
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * JSON escapes the C0 controls by itself; these escapes add DEL, the C1 controls and the
     * characters {@link TerminalText} escapes beyond them (bidirectional overrides, line and
     * paragraph separators), as <code>&#92;u007f</code>, so that a document shown on a terminal is as safe
     * as the text output.
     */
    private static final class ControlEscapes extends CharacterEscapes {

        private static final int[] ASCII = standardAsciiEscapesForJSON();

        static {
            ASCII[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return TerminalText.needsEscape(ch) ? new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch)) : null;
        }
    }
}
