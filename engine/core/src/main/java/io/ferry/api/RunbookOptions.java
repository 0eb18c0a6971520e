package io.ferry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.runbook.Discovery;
import io.ferry.runbook.Backup;
import io.ferry.runbook.Execution;
import io.ferry.runbook.Monitoring;
import io.ferry.runbook.OnError;
import io.ferry.runbook.OnExisting;
import io.ferry.runbook.OnFailure;
import io.ferry.runbook.OnSoftDeleted;
import io.ferry.runbook.Planning;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Schedule;
import io.ferry.runbook.Stage;
import io.ferry.runbook.Validation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options of a runbook as JSON, journaled with each run, so that a run started without a file
 * ({@code ferry copy}) can be resumed. Closures (predicates, transforms, hooks) do not travel: a
 * runbook that has them is recompiled from its file instead. The directory that relative store
 * locations were resolved against travels too, so that a resume or rollback started elsewhere
 * reaches the same stores.
 */
final class RunbookOptions {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunbookOptions() {
    }

    static String toJson(Runbook rb, Path storeDirectory) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("storeDirectory", storeDirectory.toAbsolutePath().toString());
        n.put("name", rb.name());
        n.put("description", rb.description());
        if (rb.isProcedure()) {
            n.put("procedure", true);
            n.put("closures", true);
            return n.toString();
        }
        n.put("source", rb.source().toUri());
        n.put("target", rb.target().toUri());
        Discovery d = rb.discovery();
        rb.discovery().includes().forEach(n.putArray("includes")::add);
        d.excludes().forEach(n.putArray("excludes")::add);
        n.put("pageSize", d.pageSize());
        n.put("allVersions", d.allVersions());
        n.put("skipDisabled", d.skipDisabled());
        n.put("batchSize", d.batchSize());
        n.put("onExisting", rb.planning().onExisting().name());
        n.put("takeOwnership", rb.planning().takeOwnership());
        n.put("onSoftDeleted", rb.planning().onSoftDeleted().name());
        rb.planning().deleteExtra().forEach(n.putArray("deleteExtra")::add);
        Execution e = rb.execution();
        n.put("concurrency", e.concurrency());
        n.put("retries", e.retries());
        n.put("onError", e.onError().name());
        n.put("executionBatchSize", e.batchSize());
        n.put("writesPerSecond", e.writesPerSecond());
        n.put("backup", e.backup().name());
        Validation v = rb.validation();
        n.put("compare", v.compare().name());
        n.put("sampleFraction", v.sampleFraction());
        n.put("minMatchRate", v.minMatchRate());
        n.put("onFailure", v.onFailure().name());
        Monitoring m = rb.monitoring();
        ObjectNode monitoring = n.putObject("monitoring");
        monitoring.put("minMatchRate", m.minMatchRate());
        if (m.syncEvery() != null) {
            monitoring.put("syncEveryMs", m.syncEvery().toMillis());
        }
        if (m.shadowRead() != null) {
            monitoring.put("shadowEveryMs", m.shadowRead().every().toMillis());
            monitoring.put("shadowDuringMs", m.shadowRead().during().toMillis());
            monitoring.put("shadowSample", m.shadowRead().sample());
        }
        if (rb.schedule() != null) {
            ObjectNode schedule = n.putObject("schedule");
            schedule.put("cron", rb.schedule().cron());
            schedule.put("windowMs", rb.schedule().window().toMillis());
        }
        n.put("closures", hasClosures(rb));
        return n.toString();
    }

    static Runbook fromJson(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return Runbook.builder()
                    .name(n.get("name").asText())
                    .description(n.get("description").asText())
                    .source(n.get("source").asText())
                    .target(n.get("target").asText())
                    .discovery(new Discovery(strings(n.get("includes")), strings(n.get("excludes")), List.of(), List.of(),
                            n.get("pageSize").asInt(), n.get("batchSize").asInt(), n.path("allVersions").asBoolean(false),
                            n.path("skipDisabled").asBoolean(false)))
                    .planning(new Planning(OnExisting.valueOf(n.get("onExisting").asText()), n.get("takeOwnership").asBoolean(),
                            OnSoftDeleted.valueOf(n.path("onSoftDeleted").asText(OnSoftDeleted.FAIL.name())),
                            strings(n.get("deleteExtra"))))
                    .execution(new Execution(n.get("concurrency").asInt(), n.get("retries").asInt(),
                            OnError.valueOf(n.get("onError").asText()), n.get("executionBatchSize").asInt(),
                            n.get("writesPerSecond").asDouble(), Backup.valueOf(n.path("backup").asText(Backup.NONE.name()))))
                    .validation(new Validation(Validation.Compare.valueOf(n.get("compare").asText()),
                            n.get("sampleFraction").asDouble(), n.get("minMatchRate").asDouble(),
                            OnFailure.valueOf(n.get("onFailure").asText())))
                    .monitoring(monitoring(n.get("monitoring")))
                    .schedule(schedule(n.get("schedule")))
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, "the journaled options of this run are unreadable; "
                    + "the state store may be corrupt");
        }
    }

    /** Runs journaled before monitoring existed have none. */
    private static Monitoring monitoring(JsonNode m) {
        if (m == null) {
            return Monitoring.none();
        }
        Duration sync = m.has("syncEveryMs") ? Duration.ofMillis(m.get("syncEveryMs").asLong()) : null;
        Monitoring.ShadowRead shadow = m.has("shadowEveryMs")
                ? new Monitoring.ShadowRead(Duration.ofMillis(m.get("shadowEveryMs").asLong()),
                        Duration.ofMillis(m.get("shadowDuringMs").asLong()), m.get("shadowSample").asDouble())
                : null;
        return new Monitoring(sync, shadow, m.get("minMatchRate").asDouble());
    }

    /** Runs journaled before schedules existed, or without one, have none. */
    private static Schedule schedule(JsonNode s) {
        if (s == null || s.isNull()) {
            return null;
        }
        JsonNode cron = s.get("cron");
        return new Schedule(cron == null || cron.isNull() ? null : cron.asText(), Duration.ofMillis(s.get("windowMs").asLong()));
    }

    /**
     * @param json the journaled options
     * @return the windows the run was started with, or null when it had none
     */
    static Schedule schedule(String json) {
        try {
            return schedule(MAPPER.readTree(json).get("schedule"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        if (array != null) {
            array.forEach(x -> list.add(x.asText()));
        }
        return list;
    }

    /**
     * @param json the journaled options
     * @return the directory the run's relative store locations were resolved against, or null for a
     *     run journaled before it was kept
     */
    static Path storeDirectory(String json) {
        try {
            JsonNode dir = MAPPER.readTree(json).get("storeDirectory");
            return dir == null || dir.isNull() ? null : Path.of(dir.asText());
        } catch (IOException e) {
            return null;
        }
    }

    static boolean hadClosures(String json) {
        try {
            return MAPPER.readTree(json).path("closures").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    static boolean hasClosures(Runbook rb) {
        return !rb.transforms().isEmpty() || !rb.discovery().includeIf().isEmpty() || !rb.discovery().excludeIf().isEmpty()
                || !rb.rollbackHooks().isEmpty()
                || Arrays.stream(Stage.values())
                        .anyMatch(s -> !rb.before(s).isEmpty() || !rb.after(s).isEmpty());
    }
}
