package io.ferry.dsl;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.RecordDraft;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a Groovy transform (closure or script) passes on, read from what its code returned. */
final class TransformResults {

    private TransformResults() {
    }

    /**
     * @param result what the code returned: a record, a draft, a list of them, or anything else
     * @param draft the draft the code edited, passed on when the result is none of the above
     * @param name the transform's name, for errors
     * @return the records to pass on
     */
    static List<SecretRecord> records(Object result, RecordDraft draft, String name) {
        if (result instanceof SecretRecord r) {
            return List.of(r);
        }
        if (result instanceof RecordDraft d) {
            return List.of(d.toRecord());
        }
        // Groovy code's last expression is its result, so a list is only a fan-out when it holds records.
        if (result instanceof Collection<?> list && list.stream().anyMatch(TransformResults::isRecord)) {
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
}
