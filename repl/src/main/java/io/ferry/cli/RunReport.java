package io.ferry.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.api.Estimate;
import io.ferry.api.Ferry;
import io.ferry.api.PlannedRecord;
import io.ferry.api.RestorePoint;
import io.ferry.api.RunResult;
import io.ferry.saga.ProcedureRunner;
import io.ferry.state.RunRecord;
import io.ferry.state.StepRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Prints a run, as text or as one JSON document: its header, optionally its items, its counts and
 * outcome, and what to run next.
 */
final class RunReport {

    private final Ferry ferry;
    private final PrintWriter out;
    private final boolean json;
    private Estimate estimate;
    private int samplePerAction;
    private List<PlannedRecord> sample = List.of();

    RunReport(Ferry ferry, PrintWriter out, boolean json) {
        this.ferry = ferry;
        this.out = out;
        this.json = json;
    }

    /**
     * Makes a plan's report end with what applying it will cost and, when asked for, the first
     * records of each action.
     *
     * @param cost the estimate, or null when the plan cannot be applied
     * @param perAction how many records of each action the sample holds, 0 for no sample
     * @param records the sample
     * @return this report
     */
    RunReport preview(Estimate cost, int perAction, List<PlannedRecord> records) {
        this.estimate = cost;
        this.samplePerAction = perAction;
        this.sample = List.copyOf(records);
        return this;
    }

    /**
     * @param result the outcome of a command on a run
     */
    void print(RunResult result) {
        print(result, null, 0, false);
    }

    /**
     * Prints the run and its outcome as text, leaving what to do next to the caller.
     *
     * @param result the outcome of a command on a run
     */
    void printSummary(RunResult result) {
        RunSummary summary = new RunSummary(out);
        RunRecord rec = ferry.run(result.runId());
        summary.printHeader(rec);
        summary.printOutcome(result);
        summary.printNotice(rec, result);
        out.flush();
    }

    /**
     * @param result the run's counts and outcome
     * @param items the items to list, or null for none
     * @param limit the most item lines in text; JSON lists every wanted item
     * @param withStatus whether item lines show their status (the run has executed)
     */
    void print(RunResult result, RunItems items, int limit, boolean withStatus) {
        RunRecord rec = ferry.run(result.runId());
        if (json) {
            printJson(rec, result, items);
            return;
        }
        RunSummary summary = new RunSummary(out);
        summary.printHeader(rec);
        for (RestorePoint point : ferry.restorePointsOf(rec.id())) {
            out.println("  restore point: " + point.name() + " of the " + point.role() + " " + point.storeUri()
                    + (point.complete() ? " (" + point.keyCount() + " secrets); restore it with: ferry restore " + point.name()
                    : " (cut short; not restorable)"));
        }
        if (isProcedure(rec)) {
            out.println();
            List<StepRecord> steps = ferry.steps(rec.id());
            StepTable.print(out, steps);
            out.println();
            StepTable.printOutcome(out, result, steps);
            summary.printNext(result);
            out.flush();
            return;
        }
        if (items != null) {
            out.println();
            ItemTable table = new ItemTable(out, withStatus);
            long printed = table.print(items, limit, ItemTable.expected(items, result.plan(), result.items()));
            if (printed == 0) {
                out.println(items.unfiltered() ? "  (no items)" : "  (no items with that status)");
            }
            out.println();
        }
        summary.printOutcome(result);
        summary.printNotice(rec, result);
        if (samplePerAction > 0) {
            SampleText.print(out, samplePerAction, sample);
        }
        if (estimate != null) {
            EstimateText.print(out, estimate);
        }
        summary.printNext(result);
        out.flush();
    }

    private static boolean isProcedure(RunRecord rec) {
        return ProcedureRunner.RUN_SOURCE.equals(rec.sourceUri());
    }

    private void printJson(RunRecord rec, RunResult result, RunItems items) {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> field : Json.result(rec, result).properties()) {
                g.writeFieldName(field.getKey());
                g.writeTree(field.getValue());
            }
            RunSummary.notice(rec, result).ifPresent(notice -> {
                try {
                    g.writeStringField("notice", notice);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            List<RestorePoint> points = ferry.restorePointsOf(rec.id());
            if (!points.isEmpty()) {
                g.writeArrayFieldStart("restorePoints");
                for (RestorePoint point : points) {
                    g.writeTree(BackupsCommand.json(point));
                }
                g.writeEndArray();
            }
            if (isProcedure(rec)) {
                g.writeFieldName("steps");
                g.writeTree(StepTable.json(ferry.steps(rec.id())));
            } else if (items != null) {
                g.writeArrayFieldStart("items");
                items.forEach(item -> {
                    try {
                        g.writeTree(Json.item(item));
                        return true;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                g.writeEndArray();
            }
            if (samplePerAction > 0) {
                g.writeFieldName("sample");
                g.writeTree(SampleText.json(sample));
            }
            if (estimate != null) {
                g.writeFieldName("estimate");
                g.writeTree(EstimateText.json(estimate));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
