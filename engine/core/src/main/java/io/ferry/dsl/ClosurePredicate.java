package io.ferry.dsl;

import groovy.lang.Closure;
import io.ferry.secret.SecretSummary;
import java.util.function.Predicate;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/** An {@code include { }} or {@code exclude { }} closure over a listed secret, judged by Groovy truth. */
final class ClosurePredicate implements Predicate<SecretSummary> {

    private final Closure<?> body;
    private final String name;

    ClosurePredicate(Closure<?> body, String name) {
        this.body = body;
        this.name = name;
    }

    @Override
    public boolean test(SecretSummary summary) {
        return DefaultTypeTransformation.castToBoolean(Closures.delegatingTo(body, summary).call(summary));
    }

    /** @return {@code filter@file:line} */
    @Override
    public String toString() {
        return name;
    }
}
