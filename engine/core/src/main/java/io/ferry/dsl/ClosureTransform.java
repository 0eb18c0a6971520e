package io.ferry.dsl;

import groovy.lang.Closure;
import io.ferry.secret.SecretRecord;
import io.ferry.transform.RecordDraft;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformContext;
import java.util.List;

/**
 * A {@code transform { rec -> ... }} closure. The closure gets a {@link RecordDraft} of the record and
 * edits it in place; {@code flag}, {@code skip} and {@code log} resolve on the planner's
 * {@link TransformContext}. It passes on the draft, or what it returns when that is a record, a
 * draft, or a list of them; nothing after {@code skip}.
 *
 * <p>Its name is {@code closure@file:line}, so that a failure can be reported by name, key and
 * exception class without the exception's message, which the closure's author may have filled with
 * a value.
 */
final class ClosureTransform implements Transform {

    private final Closure<?> body;
    private final String name;

    ClosureTransform(Closure<?> body, String name) {
        this.body = body;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        RecordDraft draft = new RecordDraft(record);
        SkipAware call = new SkipAware(context);
        Object result = Closures.delegatingTo(body, call).call(draft);
        if (call.skipped) {
            return List.of();
        }
        return TransformResults.records(result, draft, name);
    }

    @Override
    public String toString() {
        return name;
    }

    /** The planner's context, noting whether the closure skipped the record. One per call. */
    private static final class SkipAware implements TransformContext {
        private final TransformContext context;
        private boolean skipped;

        SkipAware(TransformContext context) {
            this.context = context;
        }

        @Override
        public String sourceKey() {
            return context.sourceKey();
        }

        @Override
        public void flag(String reason) {
            context.flag(reason);
        }

        @Override
        public void skip(String reason) {
            skipped = true;
            context.skip(reason);
        }

        @Override
        public void log(String message) {
            context.log(message);
        }
    }
}
