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
 * {@code json-compute}: sets one field of multi-field values to the result of a Groovy expression over
 * {@code rec} (the record) and {@code json} (its fields). The expression is compiled once; a failure
 * names the key and the exception type, never its message, which could quote a value. Not reversible.
 */
public final class JsonComputeTransform implements Transform {

    private final String field;
    private final Expression expression;

    JsonComputeTransform(String field, Expression expression) {
        this.field = field;
        this.expression = expression;
    }

    @Override
    public String name() {
        return "json-compute";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        Map<String, Object> fields = Fields.of(record, name());
        Object value = expression.evaluate(record.key(), Map.of("rec", record, "json", Fields.of(record, name())));
        fields.put(field, value instanceof CharSequence s ? s.toString() : value);
        return List.of(Fields.with(record, fields));
    }

    /** Creates {@code json-compute} from {@code field} and {@code expression}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "json-compute";
        }

        @Override
        public String description() {
            return "set a field of multi-field values from a Groovy expression over rec and json: "
                    + "field: 'url', expression: '\"https://\" + json.host + \":\" + json.port'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("field", "expression"));
            return new JsonComputeTransform(args.string("field"), new Expression(name(), "expression", args.string("expression")));
        }
    }
}
