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
 * {@code json-rename}: renames one field of multi-field values, keeping its place. Records without the
 * field pass unchanged; a record that already has the new name is refused, since one field would be
 * lost. Reversible: the inverse renames it back.
 */
public final class JsonRenameTransform implements Transform {

    private final String from;
    private final String to;

    /**
     * @param from the field's name
     * @param to its new name
     */
    public JsonRenameTransform(String from, String to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public String name() {
        return "json-rename";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        Map<String, Object> fields = Fields.of(record, name());
        if (fields.containsKey(to)) {
            throw new IllegalArgumentException("json-rename: " + record.key() + " already has a field '" + to
                    + "'; renaming '" + from + "' would overwrite it");
        }
        if (!fields.containsKey(from)) {
            return List.of(record);
        }
        Map<String, Object> renamed = new LinkedHashMap<>();
        fields.forEach((name, value) -> renamed.put(name.equals(from) ? to : name, value));
        return List.of(Fields.with(record, renamed));
    }

    @Override
    public boolean reversible() {
        return true;
    }

    @Override
    public Transform inverse() {
        return new JsonRenameTransform(to, from);
    }

    /** Creates {@code json-rename} from {@code from} and {@code to}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "json-rename";
        }

        @Override
        public String description() {
            return "rename a field of multi-field values, reversibly: from: 'pass', to: 'password'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("from", "to"));
            String from = args.string("from");
            String to = args.string("to");
            if (from.equals(to)) {
                throw new IllegalArgumentException("transform 'json-rename' has from and to both '" + from + "'; give a new name");
            }
            return new JsonRenameTransform(from, to);
        }
    }
}
