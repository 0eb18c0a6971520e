package io.ferry.transforms;

import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformFactory;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code style}: rewrites each {@code /}-separated segment of a key in kebab-case or snake_case:
 * camelCase humps, spaces, {@code _} and {@code -} become the one separator, and letters become lower
 * case. {@code /} is kept, so paths stay paths. Not reversible: {@code dbPassword} and
 * {@code db_password} both become {@code db-password}.
 */
public final class StyleTransform extends KeyMapping {

    private static final Pattern HUMP = Pattern.compile("(?<=\\p{Ll}|\\p{Nd})(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s_-]+");

    private final String separator;

    /** @param separator {@code -} for kebab-case, {@code _} for snake_case */
    public StyleTransform(String separator) {
        this.separator = separator;
    }

    @Override
    public String name() {
        return "style";
    }

    @Override
    String map(String key) {
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = HUMP.matcher(segments[i]).replaceAll(separator);
            s = SEPARATORS.matcher(s).replaceAll(separator);
            segments[i] = s.toLowerCase(Locale.ROOT);
        }
        return String.join("/", segments);
    }

    /** Creates {@code style} from {@code to}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "style";
        }

        @Override
        public String description() {
            return "kebab-case or snake_case each /-separated part of keys (dbPassword, db_password -> db-password): to: 'kebab'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("to"));
            return new StyleTransform(args.choice("to", "kebab", "snake").equals("kebab") ? "-" : "_");
        }
    }
}
