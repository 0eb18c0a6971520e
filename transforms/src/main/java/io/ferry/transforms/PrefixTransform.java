package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code prefix}: strips a prefix from keys that have it ({@code strip}), then adds one to every key
 * ({@code add}). Either or both may be given. Reversible when it only adds: the inverse strips what was
 * added. Stripping is not, since {@code legacy/db} and {@code db} both become {@code db}.
 */
public final class PrefixTransform implements Transform {

    private final String strip;
    private final String add;

    /**
     * @param strip the prefix to remove where present, or empty
     * @param add the prefix to put in front, or empty
     */
    public PrefixTransform(String strip, String add) {
        this.strip = strip;
        this.add = add;
    }

    @Override
    public String name() {
        return "prefix";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        String key = record.key();
        if (!strip.isEmpty() && key.startsWith(strip)) {
            key = key.substring(strip.length());
        }
        key = add + key;
        if (key.isEmpty()) {
            throw new IllegalArgumentException("prefix leaves key " + record.key() + " empty; it is exactly the prefix stripped");
        }
        return List.of(key.equals(record.key()) ? record : record.toBuilder().key(key).build());
    }

    @Override
    public boolean reversible() {
        return strip.isEmpty() && !add.isEmpty();
    }

    @Override
    public Transform inverse() {
        if (!reversible()) {
            return Transform.super.inverse();
        }
        return new PrefixTransform(add, "");
    }

    /** Creates {@code prefix} from {@code add} and {@code strip}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "prefix";
        }

        @Override
        public String description() {
            return "add and/or strip a key prefix: strip: 'legacy/', add: 'app/'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("add", "strip"));
            if (!args.has("add") && !args.has("strip")) {
                throw new IllegalArgumentException("transform 'prefix' needs add: or strip: (or both)");
            }
            return new PrefixTransform(args.has("strip") ? args.string("strip") : "", args.has("add") ? args.string("add") : "");
        }
    }
}
