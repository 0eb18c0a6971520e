package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code json-pick} keeps only the named fields of multi-field values; {@code json-drop} removes them.
 * Fields named but absent are ignored. Not reversible: the other fields are gone.
 */
public final class JsonPickTransform implements Transform {

    private final Set<String> names;
    private final boolean keep;

    /**
     * @param names the fields
     * @param keep true to keep only them ({@code json-pick}), false to remove them ({@code json-drop})
     */
    public JsonPickTransform(Set<String> names, boolean keep) {
        this.names = Set.copyOf(names);
        this.keep = keep;
    }

    @Override
    public String name() {
        return keep ? "json-pick" : "json-drop";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        Map<String, Object> fields = Fields.of(record, name());
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (names.contains(name) == keep) {
                out.put(name, value);
            }
        });
        return List.of(out.size() == fields.size() ? record : Fields.with(record, out));
    }

    private static Transform create(String name, Map<String, Object> arguments, boolean keep) {
        TransformArguments args = new TransformArguments(name, arguments, Set.of("fields"));
        return new JsonPickTransform(Set.copyOf(args.strings("fields")), keep);
    }

    /** Creates {@code json-pick} from {@code fields}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "json-pick";
        }

        @Override
        public String description() {
            return "keep only these fields of multi-field values: fields: ['user', 'password']";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            return JsonPickTransform.create(name(), arguments, true);
        }
    }

    /** Creates {@code json-drop} from {@code fields}. */
    public static final class DropFactory implements TransformFactory {
        @Override
        public String name() {
            return "json-drop";
        }

        @Override
        public String description() {
            return "remove these fields from multi-field values: fields: ['legacyToken']";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            return JsonPickTransform.create(name(), arguments, false);
        }
    }
}
