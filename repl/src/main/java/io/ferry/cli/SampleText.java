package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.PlannedRecord;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import java.io.PrintWriter;
import java.util.List;

/**
 * Prints the first records of each action of a plan as they will be written ({@code --sample N}), so
 * that a mapping can be checked before it runs: keys, reason, content type, tags, attributes and
 * expiry, and the value masked as {@code ferry get} masks it, by its size, kind and fingerprint. As
 * text, or as the {@code sample} array of a plan's JSON.
 */
final class SampleText {

    private SampleText() {
    }

    /**
     * @param out where to print
     * @param perAction how many of each action were asked for
     * @param sample the records
     */
    static void print(PrintWriter out, int perAction, List<PlannedRecord> sample) {
        out.println("  sample:     the first " + perAction + " of each action, as they will be written; values masked");
        if (sample.isEmpty()) {
            out.println("    (no records)");
        }
        String action = null;
        for (PlannedRecord planned : sample) {
            if (!planned.action().equals(action)) {
                action = planned.action();
                out.println("    " + action + ":");
            }
            String keys = planned.sourceKey().equals(planned.targetKey()) ? planned.targetKey()
                    : planned.sourceKey() + " -> " + planned.targetKey();
            out.println("      " + keys + (planned.reason() == null ? "" : "  (" + planned.reason() + ")"));
            SecretRecord rec = planned.record();
            if (rec == null) {
                out.println("        nothing is written");
                continue;
            }
            out.println("        content type: " + (rec.contentType() == null ? "-" : rec.contentType())
                    + "; expires: " + RunSummary.time(rec.expiresAt()));
            out.println("        tags:         " + LsCommand.tags(rec.tags()));
            out.println("        attributes:   " + LsCommand.tags(rec.attributes()));
            out.println("        value:        " + masked(rec.value(), planned.fingerprint()));
            if (!planned.flags().isEmpty()) {
                out.println("        flagged:      " + String.join("; ", planned.flags()));
            }
        }
    }

    /**
     * @param sample the records
     * @return them as JSON, each value by its size, kind and fingerprint only
     */
    static ArrayNode json(List<PlannedRecord> sample) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (PlannedRecord planned : sample) {
            ObjectNode n = array.addObject();
            n.put("action", planned.action());
            n.put("sourceKey", planned.sourceKey());
            n.put("targetKey", planned.targetKey());
            n.put("reason", planned.reason());
            planned.flags().forEach(n.putArray("flags")::add);
            planned.changes().forEach(n.putArray("changes")::add);
            SecretRecord rec = planned.record();
            if (rec == null) {
                n.putNull("record");
                continue;
            }
            ObjectNode r = n.putObject("record");
            r.put("contentType", rec.contentType());
            r.put("expiresAt", Json.time(rec.expiresAt()));
            ObjectNode tags = r.putObject("tags");
            rec.tags().forEach(tags::put);
            ObjectNode attributes = r.putObject("attributes");
            rec.attributes().forEach(attributes::put);
            ObjectNode value = r.putObject("value");
            value.put("bytes", rec.value().size());
            value.put("kind", kind(rec.value()));
            value.put("fingerprint", planned.fingerprint());
        }
        return array;
    }

    private static String masked(SecretValue value, String fingerprint) {
        return "******** (" + value.size() + " bytes, " + kind(value)
                + (fingerprint == null ? "" : ", fingerprint " + fingerprint) + ")";
    }

    private static String kind(SecretValue value) {
        return value.isUtf8() ? "text" : "binary";
    }
}
