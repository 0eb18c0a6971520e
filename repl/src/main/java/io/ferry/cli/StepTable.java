package io.ferry.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.RunResult;
import io.ferry.rollback.Rollback.RollbackSummary;
import io.ferry.saga.ProcedurePlan;
import io.ferry.state.StepRecord;
import io.ferry.state.StepStatus;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The steps of a procedure, planned (a dry run) or journaled (a run), as text lines or JSON. */
final class StepTable {

    private StepTable() {
    }

    static void printPlan(PrintWriter out, ProcedurePlan plan) {
        out.println("procedure " + plan.runbook() + ": " + plan.steps().size() + " steps"
                + (plan.items() == 0 ? "" : " for " + plan.items() + " items") + "; nothing runs in a dry run");
        int batch = -1;
        for (ProcedurePlan.PlannedStep step : plan.steps()) {
            if (step.batch() != batch && step.batch() > 0) {
                out.println("  batch " + step.batch() + ":");
            }
            batch = step.batch();
            out.println("  > " + label(step.itemKey(), step.step()) + (step.undoable() ? "  (undo)" : ""));
        }
        out.flush();
    }

    static ObjectNode planJson(ProcedurePlan plan) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("runbook", plan.runbook());
        n.put("items", plan.items());
        ArrayNode steps = n.putArray("steps");
        for (ProcedurePlan.PlannedStep step : plan.steps()) {
            ObjectNode s = steps.addObject();
            s.put("batch", step.batch());
            s.put("item", step.itemKey());
            s.put("step", step.step());
            s.put("undo", step.undoable());
        }
        return n;
    }

    static void print(PrintWriter out, List<StepRecord> steps) {
        if (steps.isEmpty()) {
            out.println("  (no step started)");
        }
        for (StepRecord r : steps) {
            out.printf("  %-12s %s%s%n", r.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), label(r.itemKey(), r.step()),
                    (r.attempts() > 1 ? "  (" + r.attempts() + " attempts)" : "") + (r.error() == null ? "" : "  " + r.error()));
        }
    }

    /** Where a procedure run stands: its status, its steps by status, what a rollback undid, its error and audit trail. */
    static void printOutcome(PrintWriter out, RunResult result, List<StepRecord> steps) {
        out.println("  status:     " + result.status());
        Map<StepStatus, Long> counts = new EnumMap<>(StepStatus.class);
        steps.forEach(s -> counts.merge(s.status(), 1L, Long::sum));
        out.println("  steps:      " + (counts.isEmpty() ? "none started" : counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "))));
        RollbackSummary r = result.rollback();
        if (r != null) {
            out.println("  rollback:   " + r.restored() + " undone, " + r.refused() + " failed to undo");
        }
        if (result.error() != null) {
            out.println("  error:      " + result.error());
        }
        if (result.auditFile() != null) {
            out.println("  audit:      " + result.auditFile());
        }
    }

    static ArrayNode json(List<StepRecord> steps) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (StepRecord r : steps) {
            ObjectNode s = list.addObject();
            s.put("batch", r.batch());
            s.put("item", r.itemKey());
            s.put("step", r.step());
            s.put("status", r.status().name());
            s.put("attempts", r.attempts());
            s.put("startedAt", Json.time(r.startedAt()));
            s.put("finishedAt", Json.time(r.finishedAt()));
            s.put("error", r.error());
        }
        return list;
    }

    private static String label(String itemKey, String step) {
        return itemKey == null ? step : itemKey + ": " + step;
    }
}
