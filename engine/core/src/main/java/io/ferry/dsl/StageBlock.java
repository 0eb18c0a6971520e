package io.ferry.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import io.ferry.runbook.HookContext;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Stage;

/** What every stage block offers: hooks run before and after the stage. */
public abstract class StageBlock extends DslBlock {

    private final Stage stage;
    private final Runbook.Builder runbook;

    StageBlock(Stage stage, Evaluation evaluation, Runbook.Builder runbook) {
        super(evaluation);
        this.stage = stage;
        this.runbook = runbook;
    }

    /**
     * {@code before { ctx -> ctx.log 'listing' }}: runs before the stage; throwing fails the stage.
     *
     * @param hook called with the {@link HookContext}, which is also its delegate
     */
    public void before(@DelegatesTo(value = HookContext.class, strategy = Closure.DELEGATE_FIRST)
                       @ClosureParams(value = SimpleType.class, options = "io.ferry.runbook.HookContext")
                       Closure<?> hook) {
        runbook.before(stage, new ClosureHook(hook, evaluation().closureName("hook")));
    }

    /**
     * {@code after { ctx -> ctx.log "${ctx.counts.created} created" }}: runs after the stage.
     *
     * @param hook called with the {@link HookContext}, which is also its delegate
     */
    public void after(@DelegatesTo(value = HookContext.class, strategy = Closure.DELEGATE_FIRST)
                      @ClosureParams(value = SimpleType.class, options = "io.ferry.runbook.HookContext")
                      Closure<?> hook) {
        runbook.after(stage, new ClosureHook(hook, evaluation().closureName("hook")));
    }

}
