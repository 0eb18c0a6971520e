package io.ferry.dsl;

import groovy.lang.Closure;
import io.ferry.runbook.Hook;
import io.ferry.runbook.HookContext;

/** A {@code before}, {@code after} or {@code rollback} closure: called with the context, which is also its delegate. */
final class ClosureHook implements Hook {

    private final Closure<?> body;
    private final String name;

    ClosureHook(Closure<?> body, String name) {
        this.body = body;
        this.name = name;
    }

    @Override
    public void run(HookContext context) {
        Closures.delegatingTo(body, context).call(context);
    }

    /** @return {@code hook@file:line} */
    @Override
    public String toString() {
        return name;
    }
}
