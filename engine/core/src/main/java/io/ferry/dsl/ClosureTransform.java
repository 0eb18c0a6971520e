package io.ferry.dsl;

import groovy.lang.Closure;
import io.ferry.secret.SecretRecord;
import io.ferry.transform.RecordDraft;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformContext;
import java.util.ArrayList;
import java.util.Collection;
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
        return records(result, draft);
    }

    private List<SecretRecord> records(Object result, RecordDraft draft) {
        if (result instanceof SecretRecord r) {
            return List.of(r);
        }
        if (result instanceof RecordDraft d) {
            return List.of(d.toRecord());
        }
        // A closure's last expression is its result, so a list is only a fan-out when it holds records.
        if (result instanceof Collection<?> list && list.stream().anyMatch(ClosureTransform::isRecord)) {
            List<SecretRecord> records = new ArrayList<>();
            for (Object element : list) {
                if (element instanceof SecretRecord r) {
                    records.add(r);
                } else if (element instanceof RecordDraft d) {
                    records.add(d.toRecord());
                } else {
                    throw new IllegalStateException(name + " returned a list mixing records with "
                            + (element == null ? "null" : element.getClass().getSimpleName())
                            + "; return records or drafts only");
                }
            }
            return List.copyOf(records);
        }
        return List.of(draft.toRecord());
    }

    private static boolean isRecord(Object o) {
        return o instanceof SecretRecord || o instanceof RecordDraft;
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
