package io.ferry.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import io.ferry.runbook.Step;
import io.ferry.runbook.StepContext;

/**
 * What {@code step('NAME') { ... }} returns, so that {@code undo { ... }} can follow it:
 * {@code step('create database user') { ctx -> ... } undo { ctx -> ... }}.
 */
public final class StepHandle {

    private final String name;
    private final Closure<?> action;
    private final String location;
    private Closure<?> undo;
    private String undoLocation;

    StepHandle(String name, Closure<?> action, String location) {
        this.name = name;
        this.action = action;
        this.location = location;
    }

    /**
     * @param body what undoes the step, called with the {@link StepContext} (also its delegate), which
     *     holds the variables the step and the steps before it set
     */
    public void undo(@DelegatesTo(value = StepContext.class, strategy = Closure.DELEGATE_FIRST)
                     @ClosureParams(value = SimpleType.class, options = "io.ferry.runbook.StepContext")
                     Closure<?> body) {
        if (undo != null) {
            throw new IllegalArgumentException("step '" + name + "' already has an undo; give each step one undo");
        }
        this.undo = body;
        this.undoLocation = location.replaceFirst("^step", "undo");
    }

    Step toStep() {
        return new Step(name, new ClosureStepAction(action, location),
                undo == null ? null : new ClosureStepAction(undo, undoLocation));
    }
}
