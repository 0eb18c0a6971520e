package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code json-convert}: changes the type of one field of multi-field values. A value map ({@code map:
 * [gold: 1]}) is looked up first, by the field's text; then the result is converted: to an integer, a
 * boolean ({@code true}/{@code false}, any case), or a date read with {@code format} and written as
 * ISO-8601 ({@code 2030-01-31}). A field that is missing, absent from a map given without {@code to},
 * or not convertible is an error naming the key and the field, never the value. Not reversible.
 */
public final class JsonConvertTransform implements Transform {

    private final String field;
    private final String to;
    private final DateTimeFormatter format;
    private final Map<String, Object> valueMap;

    /**
     * @param field the field to convert
     * @param to integer, boolean, date, or null for the value map alone
     * @param format how dates are written in the source, when {@code to} is date
     * @param valueMap source text to new value, or empty
     */
    public JsonConvertTransform(String field, String to, DateTimeFormatter format, Map<String, Object> valueMap) {
        this.field = field;
        this.to = to;
        this.format = format;
        this.valueMap = new LinkedHashMap<>(valueMap);
    }

    @Override
    public String name() {
        return "json-convert";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        Map<String, Object> fields = Fields.of(record, name());
        if (!fields.containsKey(field)) {
            throw new IllegalArgumentException("json-convert: " + record.key() + " has no field '" + field + "'");
        }
        Object value = fields.get(field);
        String text = String.valueOf(value);
        if (valueMap.containsKey(text)) {
            value = valueMap.get(text);
        } else if (to == null) {
            throw new IllegalArgumentException("json-convert: field '" + field + "' of " + record.key()
                    + " has a value the map does not list; add it to map:");
        }
        if (to != null) {
            value = convert(value, record.key());
        }
        fields.put(field, value);
        return List.of(Fields.with(record, fields));
    }

    private Object convert(Object value, String key) {
        switch (to) {
            case "integer":
                try {
                    return value instanceof Number n
                            ? new BigDecimal(n.toString()).longValueExact()
                            : Long.parseLong(String.valueOf(value).trim());
                } catch (ArithmeticException | NumberFormatException e) {
                    throw invalid(key);
                }
            case "boolean":
                if (value instanceof Boolean) {
                    return value;
                }
                String b = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
                if (b.equals("true") || b.equals("false")) {
                    return Boolean.valueOf(b);
                }
                throw invalid(key);
            default:
                try {
                    return LocalDate.parse(String.valueOf(value).trim(), format).toString();
                } catch (DateTimeParseException e) {
                    throw invalid(key);
                }
        }
    }

    private IllegalArgumentException invalid(String key) {
        String article = to.equals("integer") ? "an " : "a ";
        return new IllegalArgumentException("json-convert: field '" + field + "' of " + key + " is not " + article + to
                + (to.equals("date") ? " in the given format" : ""));
    }

    /** Creates {@code json-convert} from {@code field}, {@code to}, {@code format} and {@code map}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "json-convert";
        }

        @Override
        public String description() {
            return "convert a field of multi-field values to integer, boolean or ISO date, through an optional value map: "
                    + "field: 'tier', map: [gold: 1, silver: 2], to: 'integer'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("field", "to", "format", "map"));
            String field = args.string("field");
            if (!args.has("to") && !args.has("map")) {
                throw new IllegalArgumentException("transform 'json-convert' needs to: (integer, boolean or date) or map:, or both");
            }
            String to = args.has("to") ? args.choice("to", "integer", "boolean", "date") : null;
            DateTimeFormatter format = null;
            if ("date".equals(to)) {
                try {
                    format = DateTimeFormatter.ofPattern(args.string("format", "yyyy-MM-dd"), Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("transform 'json-convert' argument format is not a date pattern; "
                            + "write it like 'dd/MM/yyyy'");
                }
            } else if (args.has("format")) {
                throw new IllegalArgumentException("transform 'json-convert' takes format only with to: 'date'");
            }
            return new JsonConvertTransform(field, to, format, args.has("map") ? args.map("map") : Map.of());
        }
    }
}
