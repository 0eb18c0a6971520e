package io.ferry.dsl;

import groovy.lang.Closure;
import io.ferry.runbook.StepAction;
import io.ferry.runbook.StepContext;

/** A {@code step} or {@code undo} closure: called with the step's context, which is also its delegate. */
final class ClosureStepAction implements StepAction {

    private final Closure<?> body;
    private final String name;

    ClosureStepAction(Closure<?> body, String name) {
        this.body = body;
        this.name = name;
    }

    @Override
    public void run(StepContext context) {
        Closures.delegatingTo(body, context).call(context);
    }

    /** @return {@code step@file:line} */
    @Override
    public String toString() {
        return name;
    }
}
