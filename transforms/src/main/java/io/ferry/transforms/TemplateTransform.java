package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code template}: builds a value from the fields of multi-field values, replacing each
 * {@code ${field}} with that field's text; {@code $$} writes one {@code $}. The template is parsed
 * once; field values are copied, never evaluated. With {@code field:} the result goes into that field,
 * otherwise it becomes the whole value, as plain text. A missing field is an error naming it. Not
 * reversible.
 */
public final class TemplateTransform implements Transform {

    private final List<String> parts;
    private final String target;

    private TemplateTransform(List<String> parts, String target) {
        this.parts = List.copyOf(parts);
        this.target = target;
    }

    @Override
    public String name() {
        return "template";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        Map<String, Object> fields = Fields.of(record, name());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (i % 2 == 0) {
                out.append(part);
            } else if (!fields.containsKey(part) || fields.get(part) == null) {
                throw new IllegalArgumentException("template: " + record.key() + " has no field '" + part + "'");
            } else {
                out.append(fields.get(part));
            }
        }
        if (target != null) {
            fields.put(target, out.toString());
            return List.of(Fields.with(record, fields));
        }
        return List.of(record.toBuilder().value(SecretValue.ofText(out)).contentType(SecretRecord.TEXT).build());
    }

    /** @return literal text and field names, alternating, starting with text */
    static List<String> parse(String template) {
        List<String> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '$' && template.startsWith("$$", i)) {
                text.append('$');
                i += 2;
            } else if (c == '$' && template.startsWith("${", i)) {
                int end = template.indexOf('}', i);
                if (end < 0 || end == i + 2) {
                    throw new IllegalArgumentException("transform 'template' argument template has an unclosed or empty ${ at "
                            + i + "; write ${field}, or $$ for a dollar sign");
                }
                parts.add(text.toString());
                text.setLength(0);
                parts.add(template.substring(i + 2, end));
                i = end + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        parts.add(text.toString());
        return parts;
    }

    /** Creates {@code template} from {@code template} and an optional {@code field}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "template";
        }

        @Override
        public String description() {
            return "build a value from fields by ${field} substitution: template: 'postgres://${user}:${password}@${host}/db' "
                    + "(field: 'url' to write it into a field)";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("template", "field"));
            return new TemplateTransform(parse(args.string("template")), args.has("field") ? args.string("field") : null);
        }
    }
}
