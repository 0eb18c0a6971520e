package io.ferry.plan;

import io.ferry.secret.SecretRecord;
import io.ferry.spi.Ownership;
import io.ferry.spi.SecretProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The metadata differences between what a target holds and what would be written to it: content
 * type, expiry, tags (but the engine's ownership mark), and every attribute of the record to write
 * that the target keeps. A record whose value and metadata show no difference is unchanged, so
 * that a re-run of a finished copy writes nothing; one that differs only here is carried by an
 * update. Tags and content type are left out where the target does not keep them, and attributes the target does not keep ({@link SecretProvider#keepsAttribute}) are left out,
 * since they could never settle; attributes the record does not carry are left as the target has
 * them, as writes leave them.
 */
public final class RecordChanges {

    private RecordChanges() {
    }

    /**
     * @param existing the record the target holds
     * @param desired the record that would be written
     * @param target the target, which says which attributes it keeps
     * @return one line per difference ("tag env: 'dev' -> 'prod'"); empty when the metadata is the same
     */
    public static List<String> between(SecretRecord existing, SecretRecord desired, SecretProvider target) {
        List<String> changes = new ArrayList<>();
        if (target.keepsContentType() && !Objects.equals(existing.contentType(), desired.contentType())) {
            changes.add("contentType: " + existing.contentType() + " -> " + desired.contentType());
        }
        if (!Objects.equals(existing.expiresAt(), desired.expiresAt())) {
            changes.add("expiresAt: " + existing.expiresAt() + " -> " + desired.expiresAt());
        }
        TreeSet<String> names = new TreeSet<>();
        if (target.keepsTags()) {
            names.addAll(existing.tags().keySet());
            names.addAll(desired.tags().keySet());
            names.remove(Ownership.TAG);
        }
        for (String name : names) {
            String before = existing.tags().get(name);
            String after = desired.tags().get(name);
            if (before == null) {
                changes.add("tag " + name + ": added '" + after + "'");
            } else if (after == null) {
                changes.add("tag " + name + ": removed");
            } else if (!before.equals(after)) {
                changes.add("tag " + name + ": '" + before + "' -> '" + after + "'");
            }
        }
        for (Map.Entry<String, String> attribute : new TreeMap<>(desired.attributes()).entrySet()) {
            String name = attribute.getKey();
            String before = existing.attributes().get(name);
            if (target.keepsAttribute(name) && !Objects.equals(before, attribute.getValue())) {
                changes.add("attribute " + name + ": " + (before == null ? "none" : "'" + before + "'") + " -> '"
                        + attribute.getValue() + "'");
            }
        }
        return changes;
    }
}
