package io.ferry.transform.shape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code explode}: turns one multi-field JSON record into one record per field, named by a pattern
 * such as {@code '${key}/${field}'} (the default). Each record's value is its field's value as text:
 * a string as it is, any other JSON value as its JSON text; its content type is {@code text/plain};
 * tags, attributes and expiry are the exploded record's. A record whose value is not a JSON object
 * fails, under the runbook's error policy.
 *
 * <p>Reversible when the pattern is {@code ${key}SEPARATOR${field}}: its inverse is a
 * {@link CollapseTransform} that groups on the last separator. Exploding and collapsing back gives
 * the same key and the same fields when every field's value is a string and no field name is empty
 * or contains the separator (a number comes back as its text, an empty object as nothing).
 */
public final class ExplodeTransform implements Transform {

    /** The default naming pattern. */
    public static final String DEFAULT_PATTERN = "${key}/${field}";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String pattern;

    /**
     * @param pattern the output keys: {@code ${key}} stands for the record's key, {@code ${field}} for the field's name
     * @throws IllegalArgumentException when the pattern has no {@code ${field}}, which would give every field one name
     */
    public ExplodeTransform(String pattern) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        if (!pattern.contains("${field}")) {
            throw new IllegalArgumentException("transform 'explode' pattern '" + pattern + "' has no ${field}, so every "
                    + "field would get the same key; write for example pattern: '${key}/${field}'");
        }
    }

    @Override
    public String name() {
        return "explode";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        Map<String, Object> fields = record.getJson();
        if (fields == null) {
            throw new IllegalArgumentException("explode needs a JSON object value, and " + record.key()
                    + " does not hold one; leave it out of the transform");
        }
        List<SecretRecord> records = new ArrayList<>(fields.size());
        fields.forEach((field, value) -> records.add(record.toBuilder()
                .key(pattern.replace("${key}", record.key()).replace("${field}", field))
                .value(SecretValue.ofText(text(value)))
                .contentType(SecretRecord.TEXT)
                .build()));
        return records;
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Values parsed from JSON always write back; this would be a Jackson defect, and names no value.
            throw new IllegalStateException("a JSON field could not be written back as JSON", e);
        }
    }

    /** @return the separator of a {@code ${key}SEPARATOR${field}} pattern, or null for any other pattern */
    String separator() {
        String prefix = "${key}";
        String suffix = "${field}";
        if (pattern.length() <= prefix.length() + suffix.length() || !pattern.startsWith(prefix) || !pattern.endsWith(suffix)) {
            return null;
        }
        String separator = pattern.substring(prefix.length(), pattern.length() - suffix.length());
        return separator.contains("${") ? null : separator;
    }

    @Override
    public boolean reversible() {
        return separator() != null;
    }

    /** @return a collapse on the pattern's separator, grouping each key on its last separator */
    @Override
    public Transform inverse() {
        String separator = separator();
        if (separator == null) {
            return Transform.super.inverse();
        }
        return CollapseTransform.onPrefix(Pattern.compile("^(.*)" + Pattern.quote(separator) + ".+$", Pattern.DOTALL),
                separator, CollapseTransform.DEFAULT_MAX_BUFFERED);
    }

    @Override
    public String toString() {
        return "explode(" + pattern + ")";
    }

    /** Creates {@code explode} from {@code pattern}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "explode";
        }

        @Override
        public String description() {
            return "one JSON record into one record per field: pattern: '${key}/${field}' (the default)";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("pattern"));
            return new ExplodeTransform(args.string("pattern", DEFAULT_PATTERN));
        }
    }
}
