package io.ferry.transforms;

import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformFactory;
import java.util.Map;
import java.util.Set;

/**
 * {@code path-to-name} and {@code name-to-path}: swap the path separator {@code /} in keys for another
 * separator, or back. Reversible: a key that already holds the character being introduced is
 * refused, since the way back could not tell the two apart.
 */
public final class PathNameTransform extends KeyMapping {

    private final String separator;
    private final boolean toPath;

    /**
     * @param separator the one-character separator names use instead of {@code /}
     * @param toPath false for {@code path-to-name}, true for {@code name-to-path}
     */
    public PathNameTransform(String separator, boolean toPath) {
        this.separator = separator;
        this.toPath = toPath;
    }

    @Override
    public String name() {
        return toPath ? "name-to-path" : "path-to-name";
    }

    @Override
    String map(String key) {
        String from = toPath ? separator : "/";
        String to = toPath ? "/" : separator;
        if (key.contains(to)) {
            throw new IllegalArgumentException(name() + ": key " + key + " already contains '" + to
                    + "', so the change could not be undone; choose another separator");
        }
        return key.replace(from, to);
    }

    @Override
    public boolean reversible() {
        return true;
    }

    @Override
    public Transform inverse() {
        return new PathNameTransform(separator, !toPath);
    }

    private static Transform create(String name, Map<String, Object> arguments, boolean toPath) {
        TransformArguments args = new TransformArguments(name, arguments, Set.of("separator"));
        String separator = args.string("separator");
        // One character: a longer separator can overlap the text around it and make the way back ambiguous.
        if (separator.length() != 1 || separator.equals("/")) {
            throw new IllegalArgumentException("transform '" + name + "' argument separator must be one character other than '/'; "
                    + "for example separator: '-'");
        }
        return new PathNameTransform(separator, toPath);
    }

    /** Creates {@code path-to-name} from {@code separator}. */
    public static final class ToName implements TransformFactory {
        @Override
        public String name() {
            return "path-to-name";
        }

        @Override
        public String description() {
            return "turn key paths into flat names, reversibly (keys already holding the separator are refused): separator: '-'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            return PathNameTransform.create(name(), arguments, false);
        }
    }

    /** Creates {@code name-to-path} from {@code separator}. */
    public static final class ToPath implements TransformFactory {
        @Override
        public String name() {
            return "name-to-path";
        }

        @Override
        public String description() {
            return "turn flat names into key paths, reversibly (keys already holding / are refused): separator: '.'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            return PathNameTransform.create(name(), arguments, true);
        }
    }
}
