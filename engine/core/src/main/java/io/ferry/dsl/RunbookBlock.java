package io.ferry.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import io.ferry.runbook.ForEach;
import io.ferry.runbook.HookContext;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Schedule;
import io.ferry.runbook.Stage;
import io.ferry.runbook.StepContext;
import io.ferry.spi.ProviderSpec;
import io.ferry.transform.TransformContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delegate of {@code runbook { }}: source, target, transforms, the stage blocks and hooks.
 * Provider functions such as {@code local('new.db')} come from the script, {@link RunbookScript}.
 */
public final class RunbookBlock extends DslBlock {

    private final Runbook.Builder builder = Runbook.builder();
    private final DiscoveryBlock discovery;
    private final PlanningBlock planning;
    private final ExecutionBlock execution;
    private final ValidationBlock validation;
    /** Steps ({@link StepHandle}) and {@link ForEach}es, in the order written. */
    private final List<Object> procedure = new ArrayList<>();
    private final MonitoringBlock monitoring;

    RunbookBlock(Evaluation evaluation) {
        super(evaluation);
        this.discovery = new DiscoveryBlock(evaluation, builder);
        this.planning = new PlanningBlock(evaluation, builder);
        this.execution = new ExecutionBlock(evaluation, builder);
        this.validation = new ValidationBlock(evaluation, builder);
        this.monitoring = new MonitoringBlock(evaluation);
    }

    /** @param text what the runbook does, in a sentence */
    public void description(String text) {
        builder.description(text);
    }

    /** @param uri where records come from, for example {@code 'local:old.db'} */
    public void source(String uri) {
        evaluation().attempt(() -> builder.source(evaluation().known(ProviderSpec.parse(uri))));
    }

    /** @param spec where records come from, for example {@code aws(region: 'us-east-1')} */
    public void source(ProviderSpec spec) {
        evaluation().attempt(() -> builder.source(evaluation().known(spec)));
    }

    /** @param uri where records go, for example {@code 'local:new.db?prefix=app/'} */
    public void target(String uri) {
        evaluation().attempt(() -> builder.target(evaluation().known(ProviderSpec.parse(uri))));
    }

    /** @param spec where records go, for example {@code local('new.db', prefix: 'app/')} */
    public void target(ProviderSpec spec) {
        evaluation().attempt(() -> builder.target(evaluation().known(spec)));
    }

    /**
     * {@code schedule cron: '0 2 * * 0', window: '2h'}: the run writes only in maintenance windows,
     * which open at the times the cron expression names (minute, hour, day of month, month, day of
     * week, in the engine clock's zone) and stay open for the window; when one closes, the run
     * pauses at the end of its batch and continues in the next.
     *
     * @param options {@code cron} and {@code window}
     */
    public void schedule(Map<String, Object> options) {
        evaluation().attempt(() -> {
            List<String> unknown = options.keySet().stream().filter(k -> !k.equals("cron") && !k.equals("window")).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("schedule takes cron: and window:, not " + String.join(", ", unknown)
                        + "; for example: schedule cron: '0 2 * * 0', window: '2h'");
            }
            Object cron = options.get("cron");
            Object window = options.get("window");
            builder.schedule(Schedule.of(cron == null ? null : cron.toString(), window == null ? null : window.toString()));
        });
    }

    /** @param body include and exclude globs and predicates, page and batch sizes, hooks */
    public void discovery(@DelegatesTo(value = DiscoveryBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        Closures.delegatingTo(body, discovery).call();
    }

    /** @param name a transform from the library, without arguments: {@code transform 'azure-safe-names'} */
    public void transform(String name) {
        transform(Map.of(), name);
    }

    /**
     * {@code transform 'rename', from: ~/^app\//, to: 'svc/'}: a transform from the library.
     *
     * @param arguments its named arguments
     * @param name its name
     */
    public void transform(Map<String, Object> arguments, String name) {
        evaluation().attempt(() -> builder.transform(evaluation().transforms().create(name, new LinkedHashMap<>(arguments))));
    }

    /**
     * {@code transform { rec -> rec.tags.migratedFrom = 'old' }}: edits each record's draft in place, and
     * may call {@code flag}, {@code skip} and {@code log}.
     *
     * @param body called with a {@link io.ferry.transform.RecordDraft}; its delegate is the {@link TransformContext}
     */
    public void transform(@DelegatesTo(value = TransformContext.class, strategy = Closure.DELEGATE_FIRST)
                          @ClosureParams(value = SimpleType.class, options = "io.ferry.transform.RecordDraft")
                          Closure<?> body) {
        builder.transform(new ClosureTransform(body, evaluation().closureName("closure")));
    }

    /** @param body {@code onExisting}, {@code takeOwnership}, hooks */
    public void planning(@DelegatesTo(value = PlanningBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        Closures.delegatingTo(body, planning).call();
    }

    /** @param body {@code concurrency}, {@code retries}, {@code onError}, {@code batchSize}, {@code writesPerSecond}, hooks */
    public void execution(@DelegatesTo(value = ExecutionBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        Closures.delegatingTo(body, execution).call();
    }

    /** @param body {@code compare}, {@code minMatchRate}, {@code onFailure}, hooks */
    public void validation(@DelegatesTo(value = ValidationBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        Closures.delegatingTo(body, validation).call();
    }

    /** @param body {@code sync}, {@code shadowRead}, {@code minMatchRate} */
    public void monitoring(@DelegatesTo(value = MonitoringBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        Closures.delegatingTo(body, monitoring).call();
    }

    /**
     * {@code before 'execution', { ctx -> ... }}: the same as {@code before} inside that stage's block.
     *
     * @param stage {@code discovery}, {@code planning}, {@code execution} or {@code validation}
     * @param hook called with the {@link HookContext}, which is also its delegate
     */
    public void before(String stage,
                       @DelegatesTo(value = HookContext.class, strategy = Closure.DELEGATE_FIRST)
                       @ClosureParams(value = SimpleType.class, options = "io.ferry.runbook.HookContext")
                       Closure<?> hook) {
        evaluation().attempt(() -> block(Stage.of(stage)).before(hook));
    }

    /**
     * {@code after 'planning', { ctx -> ... }}: the same as {@code after} inside that stage's block.
     *
     * @param stage {@code discovery}, {@code planning}, {@code execution} or {@code validation}
     * @param hook called with the {@link HookContext}, which is also its delegate
     */
    public void after(String stage,
                      @DelegatesTo(value = HookContext.class, strategy = Closure.DELEGATE_FIRST)
                      @ClosureParams(value = SimpleType.class, options = "io.ferry.runbook.HookContext")
                      Closure<?> hook) {
        evaluation().attempt(() -> block(Stage.of(stage)).after(hook));
    }

    /**
     * {@code rollback { ctx -> ctx.log 'owners notified' }}: runs after a rollback restored the before-images.
     *
     * @param hook called with the {@link HookContext}, which is also its delegate
     */
    public void rollback(@DelegatesTo(value = HookContext.class, strategy = Closure.DELEGATE_FIRST)
                         @ClosureParams(value = SimpleType.class, options = "io.ferry.runbook.HookContext")
                         Closure<?> hook) {
        builder.rollback(new ClosureHook(hook, evaluation().closureName("hook")));
    }

    /**
     * {@code step('create database user') { ctx -> ... } undo { ctx -> ... }}: a step of a procedure.
     * A runbook with steps has no source or target.
     *
     * @param name what it does, unique within the procedure
     * @param action what it does, called with the {@link StepContext}, which is also its delegate
     * @return the step, to which {@code undo { }} adds its compensation
     */
    public StepHandle step(String name,
                           @DelegatesTo(value = StepContext.class, strategy = Closure.DELEGATE_FIRST)
                           @ClosureParams(value = SimpleType.class, options = "io.ferry.runbook.StepContext")
                           Closure<?> action) {
        String location = evaluation().closureName("step");
        if (name == null || name.isBlank()) {
            evaluation().report("a step needs a name: step('create database user') { ... }");
        }
        StepHandle handle = new StepHandle(name, action, location);
        procedure.add(handle);
        return handle;
    }

    /**
     * {@code forEach(items, key: { it.id }, batchSize: 50) { item -> step(...) { } undo { } }}: steps
     * for each item. The block runs once per item when the run reaches it, and declares that item's
     * steps.
     *
     * @param options {@code name} (what the items are), {@code key} (a closure naming an item; by
     *     default its {@code id} or {@code name}, or the item itself when it is a string or number),
     *     {@code batchSize} (items per batch; a failure undoes only its batch)
     * @param items a list, or a closure that finds the items when the run reaches the {@code forEach};
     *     it is called with the {@link StepContext} (also its delegate), for {@code directory} and {@code open}
     * @param body called with each item; its {@code step} calls declare the item's steps
     */
    public void forEach(Map<String, Object> options, Object items,
                        @DelegatesTo(value = StepsBlock.class, strategy = Closure.DELEGATE_FIRST)
                        @ClosureParams(value = SimpleType.class, options = "java.lang.Object")
                        Closure<?> body) {
        String location = evaluation().closureName("forEach").replaceFirst("^forEach@", "");
        evaluation().attempt(() -> procedure.add(ProcedureItems.forEach(options, items, body, location)));
    }

    /**
     * {@code forEach(items) { item -> step(...) { } undo { } }}: steps for each item, keyed by its
     * {@code id}, its {@code name} or itself, all in one batch.
     *
     * @param items a list, or a closure that finds the items when the run starts
     * @param body called with each item; its {@code step} calls declare the item's steps
     */
    public void forEach(Object items,
                        @DelegatesTo(value = StepsBlock.class, strategy = Closure.DELEGATE_FIRST)
                        @ClosureParams(value = SimpleType.class, options = "java.lang.Object")
                        Closure<?> body) {
        forEach(Map.of(), items, body);
    }

    private StageBlock block(Stage stage) {
        return switch (stage) {
            case DISCOVERY -> discovery;
            case PLANNING -> planning;
            case EXECUTION -> execution;
            case VALIDATION -> validation;
        };
    }

    /** @return this block and its stage blocks, for the validator's trial calls */
    Map<Class<?>, Object> withStageBlocks() {
        return Map.of(RunbookBlock.class, this, DiscoveryBlock.class, discovery, PlanningBlock.class, planning,
                ExecutionBlock.class, execution, ValidationBlock.class, validation, MonitoringBlock.class, monitoring);
    }

    /**
     * @throws IllegalArgumentException when the source or the target is missing, or a procedure has one
     */
    Runbook build(String name, Path origin) {
        for (Object element : procedure) {
            if (element instanceof StepHandle step) {
                builder.step(step.toStep());
            } else {
                builder.forEach((ForEach) element);
            }
        }
        return builder.name(name)
                .origin(origin)
                .discovery(discovery.discovery())
                .planning(planning.planning())
                .execution(execution.execution())
                .validation(validation.validation())
                .monitoring(monitoring.monitoring())
                .build();
    }
}
