package io.ferry.dsl

import io.ferry.runbook.HookContext
import io.ferry.runbook.Stage
import io.ferry.spi.HealthReport

/** An executor's hook context that remembers the log. */
class RecordingHookContext implements HookContext {
    final String runId
    final Stage stage
    final Map<String, Long> counts
    final List<String> logs = []

    RecordingHookContext(String runId, Stage stage, Map<String, Long> counts = [:]) {
        this.runId = runId
        this.stage = stage
        this.counts = counts
    }

    /** What the checks of the stores answer. */
    HealthReport health = new HealthReport('memory:', true, true, true, null, [])

    @Override
    HealthReport checkSource() { health }

    @Override
    HealthReport checkTarget(boolean writeProbe) { health }

    @Override
    void log(String message) { logs << message }
}
