package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code value-case}: upper- or lower-cases text values; binary values are refused. Not reversible. */
public final class ValueCaseTransform implements Transform {

    private final boolean upper;

    /** @param upper true for upper case, false for lower case */
    public ValueCaseTransform(boolean upper) {
        this.upper = upper;
    }

    @Override
    public String name() {
        return "value-case";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        String text = TextValues.of(record, name());
        String changed = upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
        return List.of(changed.equals(text) ? record : record.toBuilder().value(SecretValue.ofText(changed)).build());
    }

    /** Creates {@code value-case} from {@code to}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "value-case";
        }

        @Override
        public String description() {
            return "upper- or lower-case text values: to: 'upper'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("to"));
            return new ValueCaseTransform(args.choice("to", "upper", "lower").equals("upper"));
        }
    }
}
