package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code trim}: removes white space, trailing newlines included, from both ends of text values. Binary
 * values pass untouched, since their bytes are not text. Not reversible: what was trimmed is lost.
 */
public final class TrimTransform implements Transform {

    @Override
    public String name() {
        return "trim";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        if (!record.value().isUtf8()) {
            return List.of(record);
        }
        String text = record.value().text();
        String trimmed = text.strip();
        return List.of(trimmed.equals(text) ? record : record.toBuilder().value(SecretValue.ofText(trimmed)).build());
    }

    /** Creates {@code trim}; it takes no arguments. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "trim";
        }

        @Override
        public String description() {
            return "strip white space and trailing newlines around text values (binary values pass untouched); no arguments";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            new TransformArguments(name(), arguments, Set.of());
            return new TrimTransform();
        }
    }
}
