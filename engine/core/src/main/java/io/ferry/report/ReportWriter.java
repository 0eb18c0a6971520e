package io.ferry.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.files.PrivateFiles;
import io.ferry.state.RunRecord;
import io.ferry.state.RunTelemetry;
import io.ferry.verify.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's {@code report.json} and {@code report.html}. The page is one file: its styles,
 * script and data are inline, and its chart is SVG drawn by that script, so it opens in a browser
 * with no network. Each file is written to a temporary name and moved into place, so a reader
 * never sees half a report.
 */
public final class ReportWriter {

    /** The report's JSON file name. */
    public static final String JSON = "report.json";
    /** The report's page file name. */
    public static final String HTML = "report.html";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TITLE = "{{TITLE}}";
    private static final String DATA = "{{DATA}}";
    private static final String TEMPLATE = template();

    private ReportWriter() {
    }

    private static String template() {
        try (InputStream in = ReportWriter.class.getResourceAsStream("report.html")) {
            if (in == null) {
                throw new IllegalStateException("the report page template is missing from the Ferry jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report page template", e);
        }
    }

    /**
     * @param report the report
     * @param directory where to write it; created when missing
     * @return the page's path
     */
    public static Path write(RunReport report, Path directory) {
        try {
            String json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report));
            PrivateFiles.replace(directory.resolve(JSON), json);
            Path html = directory.resolve(HTML);
            PrivateFiles.replace(html, page(report, json));
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of run " + report.run().id() + " to " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param report the report
     * @return the page, with the data inline
     */
    static String page(RunReport report, String json) {
        String title = escapeHtml("Ferry run " + report.run().id() + " (" + report.run().runbookName() + ")");
        int at = TEMPLATE.indexOf(TITLE);
        int dataAt = TEMPLATE.indexOf(DATA);
        // One pass over the template: a key or a name that reads like a placeholder stays text.
        return TEMPLATE.substring(0, at) + title + TEMPLATE.substring(at + TITLE.length(), dataAt)
                + scriptSafe(json) + TEMPLATE.substring(dataAt + DATA.length());
    }

    /**
     * JSON that a script element holds as it is, whatever its strings contain ({@code </script>},
     * {@code <!--}, {@code ]]>}, line separators): outside strings JSON has none of these characters,
     * and inside them each is written as a JSON unicode escape, which JSON.parse reads back.
     */
    static String scriptSafe(String json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * @param report the report
     * @return it as a JSON tree
     */
    public static ObjectNode toJson(RunReport report) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("generatedAt", report.generatedAt().toString());
        RunRecord r = report.run();
        ObjectNode run = n.putObject("run");
        run.put("id", r.id());
        run.put("runbook", r.runbookName());
        run.put("runbookPath", r.runbookPath());
        run.put("source", r.sourceUri());
        run.put("target", r.targetUri());
        run.put("status", r.status().name());
        run.put("stage", r.stage() == null ? null : r.stage().label());
        run.put("actor", r.actor());
        run.put("startedAt", time(r.startedAt()));
        run.put("finishedAt", time(r.finishedAt()));
        run.put("error", r.error());
        ObjectNode summary = n.putObject("summary");
        summary.put("planned", report.planned());
        summary.put("processed", report.processed());
        summary.put("written", report.written());
        summary.put("failed", report.failed());
        summary.put("flagged", report.flagged());
        summary.put("retries", report.counts().retries());
        summary.put("throttles", report.counts().throttles());
        ObjectNode actions = summary.putObject("actions");
        report.actions().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> actions.put(e.getKey().name(), e.getValue()));
        ObjectNode items = summary.putObject("items");
        report.items().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> items.put(e.getKey().name(), e.getValue()));
        ArrayNode throughput = n.putArray("throughput");
        for (RunTelemetry.Sample s : report.throughput()) {
            ObjectNode o = throughput.addObject();
            o.put("at", s.at().toEpochMilli());
            o.put("stage", s.stage());
            o.put("done", s.done());
        }
        stages(n.putArray("stages"), report.stagePasses());
        stores(n.putArray("stores"), report.storePaces());
        n.put("errorCount", report.errorCount());
        entries(n.putArray("errors"), report.errors());
        entries(n.putArray("flagged"), report.flaggedRecords());
        ArrayNode steps = n.putArray("steps");
        for (RunReport.Step s : report.steps()) {
            ObjectNode o = steps.addObject();
            o.put("step", s.step());
            o.put("item", s.itemKey());
            o.put("status", s.status());
            o.put("attempts", s.attempts());
            o.put("error", s.error());
        }
        ValidationReport v = report.validation();
        if (v == null) {
            n.putNull("validation");
        } else {
            ObjectNode o = n.putObject("validation");
            o.put("passed", v.passed());
            o.put("compared", v.compared());
            o.put("matched", v.matched());
            o.put("missing", v.missing());
            o.put("mismatched", v.mismatched());
            o.put("extra", v.extra());
            o.put("matchRate", v.matchRate());
            o.put("minMatchRate", v.minMatchRate());
            v.examples().forEach(o.putArray("examples")::add);
        }
        return n;
    }

    /** Each stage once, in the order it first ran, its passes added up. */
    private static void stages(ArrayNode array, List<RunTelemetry.StagePass> passes) {
        Map<String, ObjectNode> byStage = new LinkedHashMap<>();
        Map<String, Long> millis = new HashMap<>();
        for (RunTelemetry.StagePass pass : passes) {
            ObjectNode o = byStage.computeIfAbsent(pass.stage(), stage -> array.addObject().put("stage", stage)
                    .put("passes", 0).put("records", 0L));
            o.put("passes", o.get("passes").asInt() + 1);
            o.put("records", o.get("records").asLong() + pass.records());
            millis.merge(pass.stage(), Math.max(0, Duration.between(pass.started(), pass.finished()).toMillis()), Long::sum);
        }
        byStage.forEach((stage, o) -> {
            long ms = millis.get(stage);
            o.put("seconds", ms / 1000.0);
            o.put("recordsPerSecond", ms == 0 ? 0 : Math.round(o.get("records").asLong() * 1000.0 / ms * 10) / 10.0);
        });
    }

    /** Each store once, by role, with its totals and one line per limiter and class of call it used. */
    private static void stores(ArrayNode array, List<RunTelemetry.StorePace> paces) {
        Map<String, ObjectNode> byRole = new LinkedHashMap<>();
        for (RunTelemetry.StorePace p : paces) {
            ObjectNode store = byRole.computeIfAbsent(p.role(), role -> {
                ObjectNode o = array.addObject();
                o.put("role", role).put("store", p.store()).put("calls", 0L).put("throttled", 0L).put("waitedSeconds", 0.0);
                o.putArray("lanes");
                return o;
            });
            store.put("calls", store.get("calls").asLong() + p.calls());
            store.put("throttled", store.get("throttled").asLong() + p.throttled());
            store.put("waitedSeconds", (Math.round(store.get("waitedSeconds").asDouble() * 1000) + p.waited().toMillis()) / 1000.0);
            ((ArrayNode) store.get("lanes")).addObject()
                    .put("limiter", p.limiter())
                    .put("operation", p.operation())
                    .put("limitedBy", p.limitedBy())
                    .put("calls", p.calls())
                    .put("throttled", p.throttled())
                    .put("waitedSeconds", p.waited().toMillis() / 1000.0)
                    .put("pace", Math.round(p.pace() * 10) / 10.0)
                    .put("peakPace", Math.round(p.peakPace() * 10) / 10.0);
        }
    }

    private static void entries(ArrayNode array, List<RunReport.Entry> entries) {
        for (RunReport.Entry e : entries) {
            ObjectNode o = array.addObject();
            o.put("sourceKey", e.sourceKey());
            o.put("targetKey", e.targetKey());
            o.put("action", e.action());
            o.put("attempts", e.attempts());
            o.put("detail", e.detail());
        }
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
