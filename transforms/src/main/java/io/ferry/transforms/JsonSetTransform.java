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

/** {@code json-set}: sets fields of multi-field values to fixed values. Not reversible: old values are gone. */
public final class JsonSetTransform implements Transform {

    private final Map<String, Object> values;

    /** @param values the fields and their new values */
    public JsonSetTransform(Map<String, Object> values) {
        this.values = new LinkedHashMap<>(values);
    }

    @Override
    public String name() {
        return "json-set";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        Map<String, Object> fields = Fields.of(record, name());
        fields.putAll(values);
        return List.of(Fields.with(record, fields));
    }

    /** Creates {@code json-set} from {@code fields}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "json-set";
        }

        @Override
        public String description() {
            return "set fields of multi-field values: fields: [port: 5432, sslmode: 'require']";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("fields"));
            Map<String, Object> fields = args.map("fields");
            fields.replaceAll((k, v) -> v instanceof CharSequence s ? s.toString() : v);
            return new JsonSetTransform(fields);
        }
    }
}
