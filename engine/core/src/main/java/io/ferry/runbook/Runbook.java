package io.ferry.runbook;

import io.ferry.spi.ProviderSpec;
import io.ferry.transform.Transform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A migration plan as written. Either a copy: where from, where to, which records, how they change,
 * and the options and hooks of each stage; or a procedure: named steps, each with its undo
 * ({@link #procedure()}). Immutable; built by the Groovy DSL or by {@link #builder()}.
 */
public final class Runbook {

    private final String name;
    private final String description;
    private final Path origin;
    private final ProviderSpec source;
    private final ProviderSpec target;
    private final Discovery discovery;
    private final List<Transform> transforms;
    private final Planning planning;
    private final Execution execution;
    private final Validation validation;
    private final Monitoring monitoring;
    private final Schedule schedule;
    private final Map<Stage, List<Hook>> before;
    private final Map<Stage, List<Hook>> after;
    private final List<Hook> rollbackHooks;
    private final List<ProcedureElement> procedure;

    private Runbook(Builder b) {
        this.name = Objects.requireNonNull(b.name, "a runbook needs a name");
        this.description = b.description == null ? "" : b.description;
        this.origin = b.origin;
        this.procedure = List.copyOf(b.procedure);
        Set<String> names = new HashSet<>();
        for (ProcedureElement element : procedure) {
            if (element instanceof Step step && !names.add(step.name())) {
                throw new IllegalArgumentException("runbook '" + name + "' declares step '" + step.name()
                        + "' twice; give each step its own name, as the journal knows steps by name");
            }
        }
        if (!procedure.isEmpty() && (b.source != null || b.target != null)) {
            throw new IllegalArgumentException("runbook '" + name + "' has both steps and a source or target; a runbook "
                    + "is either a copy (source, target) or a procedure (steps): split it in two");
        }
        boolean hooks = !b.before.isEmpty() || !b.after.isEmpty() || !b.rollbackHooks.isEmpty();
        if (!procedure.isEmpty() && (!b.transforms.isEmpty() || hooks)) {
            throw new IllegalArgumentException("runbook '" + name + "' has steps and " + (hooks ? "stage or rollback hooks" : "transforms")
                    + ", which belong to copies; in a procedure, a step's undo is its rollback: move the work into steps");
        }
        if (procedure.isEmpty() && b.source == null) {
            throw new IllegalArgumentException("runbook '" + name + "' has no source; add: source 'SCHEME:LOCATION'");
        }
        if (procedure.isEmpty() && b.target == null) {
            throw new IllegalArgumentException("runbook '" + name + "' has no target; add: target 'SCHEME:LOCATION'");
        }
        this.source = b.source;
        this.target = b.target;
        this.discovery = b.discovery;
        this.transforms = List.copyOf(b.transforms);
        this.planning = b.planning;
        this.execution = b.execution;
        this.validation = b.validation;
        this.monitoring = b.monitoring;
        this.schedule = b.schedule;
        if (schedule != null && !procedure.isEmpty()) {
            throw new IllegalArgumentException("runbook '" + name + "' is a procedure of steps and has a schedule; maintenance"
                    + " windows pace the batches of a copy: drop the schedule, or make it a copy");
        }
        this.before = freeze(b.before);
        this.after = freeze(b.after);
        this.rollbackHooks = List.copyOf(b.rollbackHooks);
    }

    private static Map<Stage, List<Hook>> freeze(Map<Stage, List<Hook>> hooks) {
        Map<Stage, List<Hook>> copy = new EnumMap<>(Stage.class);
        hooks.forEach((stage, list) -> copy.put(stage, List.copyOf(list)));
        return Collections.unmodifiableMap(copy);
    }

    /** @return a builder with the default options */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this runbook's options, transforms and hooks, to derive another
     *     runbook from it (continuous sync narrows discovery to the records that changed)
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.description = description;
        b.origin = origin;
        b.source = source;
        b.target = target;
        b.discovery = discovery;
        b.transforms.addAll(transforms);
        b.planning = planning;
        b.execution = execution;
        b.validation = validation;
        b.monitoring = monitoring;
        b.schedule = schedule;
        before.forEach((stage, hooks) -> b.before.put(stage, new ArrayList<>(hooks)));
        after.forEach((stage, hooks) -> b.after.put(stage, new ArrayList<>(hooks)));
        b.rollbackHooks.addAll(rollbackHooks);
        return b;
    }

    /** @return the name, by default the file name without extension */
    public String name() {
        return name;
    }

    /** @return what it does, in a sentence */
    public String description() {
        return description;
    }

    /** @return the file it was read from, or null when built in code */
    public Path origin() {
        return origin;
    }

    /**
     * @return the steps of a procedure, in order; empty for a copy
     */
    public List<ProcedureElement> procedure() {
        return procedure;
    }

    /** @return whether this runbook is a procedure of steps rather than a copy */
    public boolean isProcedure() {
        return !procedure.isEmpty();
    }

    /** @return where records come from; null for a procedure */
    public ProviderSpec source() {
        return source;
    }

    /** @return where records go; null for a procedure */
    public ProviderSpec target() {
        return target;
    }

    /** @return what discovery reads */
    public Discovery discovery() {
        return discovery;
    }

    /** @return the transforms, applied in order */
    public List<Transform> transforms() {
        return transforms;
    }

    /** @return planning options */
    public Planning planning() {
        return planning;
    }

    /** @return execution options */
    public Execution execution() {
        return execution;
    }

    /** @return validation options */
    public Validation validation() {
        return validation;
    }

    /** @return monitoring options: continuous sync and shadow read after the run */
    public Monitoring monitoring() {
        return monitoring;
    }

    /** @return the maintenance windows the run writes in, or null when it writes whenever it is started */
    public Schedule schedule() {
        return schedule;
    }

    /**
     * @param stage a stage
     * @return the hooks run before it, in order
     */
    public List<Hook> before(Stage stage) {
        return before.getOrDefault(stage, List.of());
    }

    /**
     * @param stage a stage
     * @return the hooks run after it, in order
     */
    public List<Hook> after(Stage stage) {
        return after.getOrDefault(stage, List.of());
    }

    /** @return the hooks run after a rollback has restored the before-images */
    public List<Hook> rollbackHooks() {
        return rollbackHooks;
    }

    @Override
    public String toString() {
        return isProcedure() ? "Runbook[" + name + ": procedure of " + procedure.size() + " steps]"
                : "Runbook[" + name + ": " + source + " -> " + target + "]";
    }

    /** Builds a {@link Runbook}; every option starts at its default. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String description;
        private Path origin;
        private ProviderSpec source;
        private ProviderSpec target;
        private Discovery discovery = Discovery.all();
        private final List<Transform> transforms = new ArrayList<>();
        private Planning planning = Planning.defaults();
        private Execution execution = Execution.defaults();
        private Validation validation = Validation.defaults();
        private Monitoring monitoring = Monitoring.none();
        private Schedule schedule;
        private final Map<Stage, List<Hook>> before = new EnumMap<>(Stage.class);
        private final Map<Stage, List<Hook>> after = new EnumMap<>(Stage.class);
        private final List<Hook> rollbackHooks = new ArrayList<>();
        private final List<ProcedureElement> procedure = new ArrayList<>();

        private Builder() {
        }

        /** @param name the runbook's name @return this builder */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @param description what it does @return this builder */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** @param origin the file it comes from @return this builder */
        public Builder origin(Path origin) {
            this.origin = origin;
            return this;
        }

        /** @param uri the source URI, for example {@code local:secrets.db} @return this builder */
        public Builder source(String uri) {
            return source(ProviderSpec.parse(uri));
        }

        /** @param source the source @return this builder */
        public Builder source(ProviderSpec source) {
            this.source = source;
            return this;
        }

        /** @param uri the target URI @return this builder */
        public Builder target(String uri) {
            return target(ProviderSpec.parse(uri));
        }

        /** @param target the target @return this builder */
        public Builder target(ProviderSpec target) {
            this.target = target;
            return this;
        }

        /** @param discovery what to read @return this builder */
        public Builder discovery(Discovery discovery) {
            this.discovery = Objects.requireNonNull(discovery);
            return this;
        }

        /** @param transform a transform, applied after those added before @return this builder */
        public Builder transform(Transform transform) {
            this.transforms.add(Objects.requireNonNull(transform));
            return this;
        }

        /** @param planning planning options @return this builder */
        public Builder planning(Planning planning) {
            this.planning = Objects.requireNonNull(planning);
            return this;
        }

        /** @param execution execution options @return this builder */
        public Builder execution(Execution execution) {
            this.execution = Objects.requireNonNull(execution);
            return this;
        }

        /** @param validation validation options @return this builder */
        public Builder validation(Validation validation) {
            this.validation = Objects.requireNonNull(validation);
            return this;
        }

        /** @param monitoring monitoring options @return this builder */
        public Builder monitoring(Monitoring monitoring) {
            this.monitoring = Objects.requireNonNull(monitoring);
            return this;
        }

        /**
         * @param schedule the maintenance windows the run writes in, or null to write whenever it is started
         * @return this builder
         */
        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * @param cron a five-field cron expression, for example {@code "0 2 * * 0"}
         * @param window how long each window stays open, for example {@code "2h"}
         * @return this builder
         * @throws IllegalArgumentException when either cannot be read
         */
        public Builder schedule(String cron, String window) {
            return schedule(Schedule.of(cron, window));
        }

        /** @param stage a stage @param hook run before it @return this builder */
        public Builder before(Stage stage, Hook hook) {
            this.before.computeIfAbsent(stage, s -> new ArrayList<>()).add(Objects.requireNonNull(hook));
            return this;
        }

        /** @param stage a stage @param hook run after it @return this builder */
        public Builder after(Stage stage, Hook hook) {
            this.after.computeIfAbsent(stage, s -> new ArrayList<>()).add(Objects.requireNonNull(hook));
            return this;
        }

        /** @param hook run after a rollback restored the before-images @return this builder */
        public Builder rollback(Hook hook) {
            this.rollbackHooks.add(Objects.requireNonNull(hook));
            return this;
        }

        /**
         * Adds a step to the procedure; a runbook with steps has no source or target.
         *
         * @param step the step, run after those added before
         * @return this builder
         */
        public Builder step(Step step) {
            this.procedure.add(Objects.requireNonNull(step));
            return this;
        }

        /**
         * @param name what the step does
         * @param action what it does
         * @param undo what undoes it, or null
         * @return this builder
         */
        public Builder step(String name, StepAction action, StepAction undo) {
            return step(new Step(name, action, undo));
        }

        /**
         * Adds steps run for each item of a list found when the run starts.
         *
         * @param each the items and their steps
         * @return this builder
         */
        public Builder forEach(ForEach each) {
            this.procedure.add(Objects.requireNonNull(each));
            return this;
        }

        /** @return the runbook */
        public Runbook build() {
            return new Runbook(this);
        }
    }
}
