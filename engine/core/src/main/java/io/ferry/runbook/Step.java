package io.ferry.runbook;

import java.util.Objects;

/**
 * A named step of a procedure and the action that compensates it. When a later step fails, the
 * undo actions of the completed steps run in reverse order.
 *
 * @param name what the step does, unique within its item, for example {@code create database user}
 * @param action what it does
 * @param undo what undoes it, or null when there is nothing to undo
 */
public record Step(String name, StepAction action, StepAction undo) implements ProcedureElement {

    /** Checks the name and the action. */
    public Step {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a step needs a name: step('create database user') { ... }");
        }
        Objects.requireNonNull(action, "step '" + name + "' needs an action");
    }

    /**
     * @param name what the step does
     * @param action what it does
     * @param undo what undoes it
     * @return the step
     */
    public static Step of(String name, StepAction action, StepAction undo) {
        return new Step(name, action, undo);
    }

    /**
     * @param name what the step does
     * @param action what it does; nothing undoes it
     * @return the step
     */
    public static Step of(String name, StepAction action) {
        return new Step(name, action, null);
    }
}
