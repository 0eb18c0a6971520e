package io.ferry.dsl;

import groovy.lang.Closure;

/** How every closure of a runbook is run. */
final class Closures {

    private Closures() {
    }

    /**
     * A copy of the closure that resolves names on the delegate first. The original is never
     * changed, so one closure can be called from several threads, each through its own copy.
     *
     * @param closure a closure from the runbook
     * @param delegate what its free names mean
     * @return the copy to call
     */
    static <T> Closure<T> delegatingTo(Closure<T> closure, Object delegate) {
        Closure<T> copy = closure.rehydrate(delegate, closure.getOwner(), closure.getThisObject());
        copy.setResolveStrategy(Closure.DELEGATE_FIRST);
        return copy;
    }
}
