package io.ferry.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.ferry.audit.AuditTrail;
import io.ferry.internal.Failures;
import io.ferry.rollback.RollbackScope;
import io.ferry.run.Cancellation;
import io.ferry.runbook.ForEach;
import io.ferry.runbook.ProcedureElement;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Step;
import io.ferry.runbook.StepAction;
import io.ferry.runbook.StepContext;
import io.ferry.spi.SecretProvider;
import io.ferry.state.RunStatus;
import io.ferry.state.StepJournal;
import io.ferry.state.StepRecord;
import io.ferry.state.StepStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a procedure's steps in order, journaling each step as started before it runs and as completed
 * (with its scope's variables) after. The same code runs a new run and resumes one: a step the
 * journal holds as completed is never run again.
 *
 * <p>A step the journal holds as started but not completed was interrupted by a crash: it runs
 * again, with {@link StepContext#isResumed()} true. Ferry cannot know how far it got, so steps
 * should be written to be harmless when run twice (create the user if it does not exist).
 *
 * <p>When a step fails, the completed steps of its batch are undone in reverse order, and the run
 * stops. The procedure's own steps and the items of a {@code forEach} without a batch size are one
 * batch (batch 0); a {@code forEach} with a batch size makes each group of items a batch of its
 * own, so a failure undoes only the failing group and earlier groups stay done. Resuming a stopped
 * run runs the undone batch again.
 */
public final class ProcedureRunner {

    /** What a procedure run journals as its source, where a copy names its store: how a run is known to be a procedure. */
    public static final String RUN_SOURCE = "procedure";

    private static final Logger LOG = LoggerFactory.getLogger(ProcedureRunner.class);
    /** Writes any character sequence (a Groovy GString) as its text. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(CharSequence.class, ToStringSerializer.instance));
    /** Values shorter than this are too common to mask usefully. */
    private static final int MIN_MASKED = 4;

    private final Runbook runbook;
    private final StepJournal journal;
    private final AuditTrail audit;
    private final Function<String, SecretProvider> opener;
    private final Path directory;
    private final Cancellation cancellation;
    private final List<SecretProvider> opened = new ArrayList<>();
    private final Set<String> secrets = new HashSet<>();

    /**
     * @param runbook a procedure
     * @param journal its run's step journal
     * @param audit its run's audit trail
     * @param opener opens stores for {@link StepContext#open(String)}
     * @param directory the directory the run started in
     * @param cancellation checked between steps
     */
    public ProcedureRunner(Runbook runbook, StepJournal journal, AuditTrail audit, Function<String, SecretProvider> opener,
                           Path directory, Cancellation cancellation) {
        if (!runbook.isProcedure()) {
            throw new IllegalArgumentException("runbook " + runbook.name() + " has no steps");
        }
        this.runbook = runbook;
        this.journal = journal;
        this.audit = audit;
        this.opener = opener;
        this.directory = directory;
        this.cancellation = cancellation;
    }

    /**
     * What a run, resume or rollback of a procedure ended with.
     *
     * @param status the run's status
     * @param error why it stopped, masked, or null
     * @param report the counts
     */
    public record Outcome(RunStatus status, String error, ProcedureReport report) {
    }

    /**
     * Lists the steps a procedure would run, finding its items but running no step.
     *
     * @param runbook a procedure
     * @param directory the directory the run would start in
     * @param opener opens stores for the finding of items
     * @return its steps
     * @throws ProcedureException when the items cannot be found or the steps not declared
     */
    public static ProcedurePlan plan(Runbook runbook, Path directory, Function<String, SecretProvider> opener) {
        List<ProcedurePlan.PlannedStep> steps = new ArrayList<>();
        int nextBatch = 1;
        List<ProcedureElement> elements = runbook.procedure();
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i) instanceof Step step) {
                steps.add(new ProcedurePlan.PlannedStep(0, null, step.name(), step.undo() != null));
            } else if (elements.get(i) instanceof ForEach each) {
                List<StepJournal.Item> items;
                try (Finder finder = new Finder(each, directory, opener, Map.of(), "")) {
                    items = find(each, finder);
                }
                for (int n = 0; n < items.size(); n++) {
                    int batch = each.batchSize() == 0 ? 0 : nextBatch + n / each.batchSize();
                    for (Step step : stepsOf(each, items.get(n))) {
                        steps.add(new ProcedurePlan.PlannedStep(batch, items.get(n).key(), step.name(), step.undo() != null));
                    }
                }
                if (each.batchSize() > 0) {
                    nextBatch += (items.size() + each.batchSize() - 1) / each.batchSize();
                }
            }
        }
        return new ProcedurePlan(runbook.name(), steps);
    }

    /**
     * Runs the steps not yet completed, in order. On a failure, undoes the failing batch.
     *
     * @return how it ended
     */
    public Outcome run() {
        Map<String, StepRecord> done = index(journal.steps());
        Map<String, Integer> itemSteps = new LinkedHashMap<>();
        List<ProcedureElement> elements = runbook.procedure();
        int nextBatch = 1;
        try {
            for (int i = 0; i < elements.size(); i++) {
                if (elements.get(i) instanceof Step step) {
                    Outcome stop = runStep(new Scoped("", null, null, 0, step), done, itemSteps);
                    if (stop != null) {
                        return stop;
                    }
                } else if (elements.get(i) instanceof ForEach each) {
                    List<StepJournal.Item> items = itemsOf(i, each);
                    for (int n = 0; n < items.size(); n++) {
                        StepJournal.Item item = items.get(n);
                        int batch = each.batchSize() == 0 ? 0 : nextBatch + n / each.batchSize();
                        String scope = i + "/" + item.key();
                        List<Step> steps = stepsOf(each, item);
                        itemSteps.put(scope, steps.size());
                        Object value = parse(item);
                        for (Step step : steps) {
                            Outcome stop = runStep(new Scoped(scope, item.key(), value, batch, step), done, itemSteps);
                            if (stop != null) {
                                return stop;
                            }
                        }
                        if (each.batchSize() > 0 && ((n + 1) % each.batchSize() == 0 || n + 1 == items.size())) {
                            audit.record("steps", null, null, "batch done", null, "batch " + batch + " of " + each.name()
                                    + ": items " + (n / each.batchSize() * each.batchSize() + 1) + "-" + (n + 1) + " of " + items.size());
                            audit.flush();
                        }
                    }
                    if (each.batchSize() > 0) {
                        nextBatch += (items.size() + each.batchSize() - 1) / each.batchSize();
                    }
                }
            }
        } finally {
            closeStores();
        }
        audit.record("steps", null, null, "finished", null, null);
        return new Outcome(RunStatus.SUCCEEDED, null, report(itemSteps));
    }

    /**
     * Undoes the completed steps the scope selects, newest first: all of them, or those of the
     * matching items (the procedure's own steps wait for a rollback of the whole run).
     *
     * @param scope which items' steps
     * @return how it ended: {@link RunStatus#ROLLED_BACK}, or {@link RunStatus#PARTLY_ROLLED_BACK} while
     *     completed steps remain, with an error naming undo actions that failed
     */
    public Outcome rollback(RollbackScope scope) {
        Map<String, Scoped> definitions = definitions();
        List<StepRecord> completed = journal.steps().stream()
                .filter(r -> r.status() == StepStatus.COMPLETED && scope.includesItem(r.itemKey()))
                .sorted(Comparator.comparingLong(StepRecord::seq).reversed())
                .toList();
        List<String> failures;
        try {
            failures = undo(completed, definitions);
        } finally {
            closeStores();
        }
        String error = failures.isEmpty() ? null : "undo failed for " + String.join("; ", failures)
                + "; undo these by hand: the journal keeps them as UNDO_FAILED";
        boolean restRemains = !scope.isAll() && journal.steps().stream().anyMatch(r -> r.status() == StepStatus.COMPLETED);
        return new Outcome(restRemains ? RunStatus.PARTLY_ROLLED_BACK : RunStatus.ROLLED_BACK, error, report(itemCounts(definitions)));
    }

    /**
     * @param scope the items asked for
     * @return whether any step of an item in the scope was journaled, done or not
     */
    public boolean hasStepsIn(RollbackScope scope) {
        return journal.steps().stream().anyMatch(r -> r.itemKey() != null && scope.includesItem(r.itemKey()));
    }

    private Outcome runStep(Scoped scoped, Map<String, StepRecord> done, Map<String, Integer> itemSteps) {
        StepRecord previous = done.get(id(scoped.scope(), scoped.step().name()));
        if (previous != null && previous.status() == StepStatus.COMPLETED) {
            return null;
        }
        if (cancellation.requested()) {
            audit.record("steps", scoped.itemKey(), scoped.step().name(), "interrupted", null, null);
            return new Outcome(RunStatus.INTERRUPTED, null, report(itemSteps));
        }
        boolean resumed = previous != null && previous.status() == StepStatus.STARTED;
        Session session = new Session(scoped, journal.variables(scoped.scope()), inherited(scoped.scope()), resumed);
        journal.started(scoped.scope(), scoped.step().name(), scoped.batch(), scoped.itemKey());
        audit.record("steps", scoped.itemKey(), scoped.step().name(), resumed ? "restarted" : "started", null, null);
        audit.flush();
        try {
            scoped.step().action().run(session);
        } catch (Exception | AssertionError e) {
            String why = describe(e);
            journal.finished(scoped.scope(), scoped.step().name(), StepStatus.FAILED, why);
            audit.record("steps", scoped.itemKey(), scoped.step().name(), "failed", null, why);
            LOG.warn("step '{}'{} failed: {}", scoped.step().name(), scoped.itemKey() == null ? "" : " of " + scoped.itemKey(), why);
            List<StepRecord> batch = journal.steps().stream()
                    .filter(r -> r.batch() == scoped.batch() && r.status() == StepStatus.COMPLETED)
                    .sorted(Comparator.comparingLong(StepRecord::seq).reversed())
                    .toList();
            List<String> failures = undo(batch, definitions());
            String error = "step '" + scoped.step().name() + "'" + (scoped.itemKey() == null ? "" : " of " + scoped.itemKey())
                    + " failed: " + why + "; " + batch.size() + " completed step(s) of batch " + scoped.batch() + " undone"
                    + (failures.isEmpty() ? "" : ", but undo failed for " + String.join("; ", failures))
                    + "; fix the cause, then: ferry resume " + journal.run().runId();
            audit.flush();
            return new Outcome(RunStatus.STOPPED, error, report(itemSteps));
        }
        journal.completed(scoped.scope(), scoped.step().name(), session.variables);
        audit.record("steps", scoped.itemKey(), scoped.step().name(), "completed", null, null);
        audit.flush();
        return null;
    }

    private List<String> undo(List<StepRecord> steps, Map<String, Scoped> definitions) {
        List<String> failures = new ArrayList<>();
        for (StepRecord r : steps) {
            Scoped scoped = definitions.get(id(r.scope(), r.step()));
            StepAction undo = scoped == null ? null : scoped.step().undo();
            if (scoped == null) {
                String why = "the runbook no longer declares this step";
                journal.finished(r.scope(), r.step(), StepStatus.UNDO_FAILED, why);
                failures.add(label(r) + " (" + why + ")");
                continue;
            }
            if (undo == null) {
                journal.finished(r.scope(), r.step(), StepStatus.UNDONE, null);
                audit.record("steps", r.itemKey(), r.step(), "nothing to undo", null, null);
                continue;
            }
            Session session = new Session(scoped, journal.variables(r.scope()), inherited(r.scope()), false);
            try {
                undo.run(session);
                journal.finished(r.scope(), r.step(), StepStatus.UNDONE, null);
                audit.record("steps", r.itemKey(), r.step(), "undone", null, null);
            } catch (Exception | AssertionError e) {
                String why = describe(e);
                journal.finished(r.scope(), r.step(), StepStatus.UNDO_FAILED, why);
                audit.record("steps", r.itemKey(), r.step(), "undo failed", null, why);
                failures.add(label(r) + " (" + why + ")");
            }
        }
        audit.flush();
        return failures;
    }

    /** An item's steps also see the variables of the procedure's own steps. */
    private Map<String, String> inherited(String scope) {
        return scope.isEmpty() ? Map.of() : journal.variables("");
    }

    private static String label(StepRecord r) {
        return "'" + r.step() + "'" + (r.itemKey() == null ? "" : " of " + r.itemKey());
    }

    /** Every step the journal can name: the procedure's own, and those of each journaled item. */
    private Map<String, Scoped> definitions() {
        Map<String, Scoped> definitions = new LinkedHashMap<>();
        List<ProcedureElement> elements = runbook.procedure();
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i) instanceof Step step) {
                definitions.put(id("", step.name()), new Scoped("", null, null, 0, step));
            } else if (elements.get(i) instanceof ForEach each) {
                List<StepJournal.Item> items = journal.items(i);
                for (StepJournal.Item item : items == null ? List.<StepJournal.Item>of() : items) {
                    String scope = i + "/" + item.key();
                    Object value = parse(item);
                    for (Step step : stepsOf(each, item)) {
                        definitions.put(id(scope, step.name()), new Scoped(scope, item.key(), value, -1, step));
                    }
                }
            }
        }
        return definitions;
    }

    private static Map<String, Integer> itemCounts(Map<String, Scoped> definitions) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        definitions.values().stream().filter(s -> s.itemKey() != null).forEach(s -> counts.merge(s.scope(), 1, Integer::sum));
        return counts;
    }

    private ProcedureReport report(Map<String, Integer> itemSteps) {
        return ProcedureReport.of(journal.steps(), itemSteps);
    }

    private List<StepJournal.Item> itemsOf(int element, ForEach each) {
        List<StepJournal.Item> journaled = journal.items(element);
        if (journaled != null) {
            return journaled;
        }
        List<StepJournal.Item> items;
        try (Finder finder = new Finder(each, directory, opener, journal.variables(""), journal.run().runId())) {
            items = find(each, finder);
        }
        journal.saveItems(element, items);
        audit.record("steps", null, null, "items found", null, items.size() + " " + each.name());
        return items;
    }

    /** Finds the items and turns each into the JSON the journal keeps, so a resume sees what the first run saw. */
    private static List<StepJournal.Item> find(ForEach each, Finder finder) {
        Iterable<?> found;
        try {
            found = each.items().find(finder);
        } catch (Exception e) {
            throw new ProcedureException("cannot find the " + each.name() + " of forEach: " + Failures.describe(e), e);
        }
        List<StepJournal.Item> items = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Object item : found == null ? List.of() : found) {
            String json;
            Object plain;
            try {
                json = MAPPER.writeValueAsString(item);
                plain = MAPPER.readValue(json, Object.class);
            } catch (JsonProcessingException e) {
                throw new ProcedureException("an item of " + each.name() + " is a " + item.getClass().getName()
                        + ", which the journal cannot keep; give strings, numbers, booleans, lists or maps", e);
            }
            String key = each.key().of(plain);
            if (key == null || key.isBlank()) {
                throw new ProcedureException("an item of " + each.name() + " has no key; give forEach a key that names every item");
            }
            if (!keys.add(key)) {
                throw new ProcedureException("two items of " + each.name() + " have the key '" + key
                        + "'; give forEach a key that is unique, for example key: { it.id }");
            }
            items.add(new StepJournal.Item(key, json));
        }
        return items;
    }

    private static Object parse(StepJournal.Item item) {
        try {
            return MAPPER.readValue(item.json(), Object.class);
        } catch (JsonProcessingException e) {
            throw new ProcedureException("the journaled item " + item.key() + " is unreadable; the state store may be corrupt", e);
        }
    }

    private static List<Step> stepsOf(ForEach each, StepJournal.Item item) {
        List<Step> steps;
        try {
            steps = each.steps().stepsFor(parse(item));
        } catch (Exception e) {
            throw new ProcedureException("cannot declare the steps of " + each.name() + " item " + item.key() + ": "
                    + Failures.describe(e), e);
        }
        Set<String> names = new HashSet<>();
        for (Step step : steps) {
            if (!names.add(step.name())) {
                throw new ProcedureException("item " + item.key() + " of " + each.name() + " declares step '" + step.name()
                        + "' twice; give each step of an item its own name");
            }
        }
        if (steps.isEmpty()) {
            throw new ProcedureException("forEach over " + each.name() + " declares no step for item " + item.key()
                    + "; declare them with step('NAME') { ... } undo { ... }");
        }
        return steps;
    }

    private static String id(String scope, String step) {
        return scope + "\u0000" + step;
    }

    private static Map<String, StepRecord> index(List<StepRecord> records) {
        Map<String, StepRecord> index = new LinkedHashMap<>();
        records.forEach(r -> index.put(id(r.scope(), r.step()), r));
        return index;
    }

    /**
     * The exception's type and runbook location, or its message where that is value-free; step
     * variables are masked in it as a second net.
     */
    private String describe(Throwable e) {
        return mask(Failures.describe(e));
    }

    private String mask(String text) {
        String masked = text;
        synchronized (secrets) {
            for (String secret : secrets) {
                masked = masked.replace(secret, "***");
            }
        }
        return masked;
    }

    private void closeStores() {
        opened.forEach(SecretProvider::close);
        opened.clear();
    }

    /** What the finding of a {@code forEach}'s items sees: the directory, stores, and the procedure's variables, read only. */
    private static final class Finder implements StepContext, AutoCloseable {
        private final ForEach each;
        private final Path directory;
        private final Function<String, SecretProvider> opener;
        private final Map<String, String> variables;
        private final String runId;
        private final List<SecretProvider> opened = new ArrayList<>();

        Finder(ForEach each, Path directory, Function<String, SecretProvider> opener, Map<String, String> variables, String runId) {
            this.each = each;
            this.directory = directory;
            this.opener = opener;
            this.variables = variables;
            this.runId = runId;
        }

        @Override
        public String getRunId() {
            return runId;
        }

        @Override
        public Path getDirectory() {
            return directory;
        }

        @Override
        public String getStep() {
            return "find " + each.name();
        }

        @Override
        public Object getItem() {
            return null;
        }

        @Override
        public String getItemKey() {
            return null;
        }

        @Override
        public boolean isResumed() {
            return false;
        }

        @Override
        public String get(String name) {
            return variables.get(name);
        }

        @Override
        public void put(String name, String value) {
            throw new IllegalStateException("finding the " + each.name() + " cannot set variables; set '" + name + "' in a step");
        }

        @Override
        public SecretProvider open(String uri) {
            SecretProvider provider = opener.apply(uri);
            opened.add(provider);
            return provider;
        }

        @Override
        public void log(String message) {
            LOG.info("[{}] {}", runId, message);
        }

        @Override
        public void close() {
            opened.forEach(SecretProvider::close);
        }
    }

    /** A step with the scope it runs in. */
    private record Scoped(String scope, String itemKey, Object item, int batch, Step step) {
    }

    /** What a step sees. */
    private final class Session implements StepContext {
        private final Scoped scoped;
        private final Map<String, String> variables;
        private final Map<String, String> inherited;
        private final boolean resumed;

        Session(Scoped scoped, Map<String, String> variables, Map<String, String> inherited, boolean resumed) {
            this.scoped = scoped;
            this.variables = new LinkedHashMap<>(variables);
            this.inherited = inherited;
            this.resumed = resumed;
            variables.values().forEach(this::remember);
            inherited.values().forEach(this::remember);
        }

        private void remember(String value) {
            if (value != null && value.length() >= MIN_MASKED) {
                synchronized (secrets) {
                    secrets.add(value);
                }
            }
        }

        @Override
        public String getRunId() {
            return journal.run().runId();
        }

        @Override
        public Path getDirectory() {
            return directory;
        }

        @Override
        public String getStep() {
            return scoped.step().name();
        }

        @Override
        public Object getItem() {
            return scoped.item();
        }

        @Override
        public String getItemKey() {
            return scoped.itemKey();
        }

        @Override
        public boolean isResumed() {
            return resumed;
        }

        @Override
        public String get(String name) {
            return variables.containsKey(name) ? variables.get(name) : inherited.get(name);
        }

        @Override
        public void put(String name, String value) {
            if (value == null) {
                variables.remove(name);
            } else {
                remember(value);
                variables.put(name, value);
            }
        }

        @Override
        public SecretProvider open(String uri) {
            SecretProvider provider = opener.apply(uri);
            opened.add(provider);
            return provider;
        }

        @Override
        public void log(String message) {
            String masked = mask(message);
            LOG.info("[{}] {}", journal.run().runId(), masked);
            audit.record("steps", scoped.itemKey(), scoped.step().name(), "log", null, masked);
        }
    }
}
