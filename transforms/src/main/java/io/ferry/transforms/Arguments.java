package io.ferry.transforms;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a named transform's arguments, with errors that name the transform, the argument and the fix. */
final class Arguments {

    private final String transform;
    private final Map<String, Object> values;

    Arguments(String transform, Map<String, Object> values, Set<String> allowed) {
        this.transform = transform;
        this.values = values;
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("transform '" + transform + "' has no argument " + String.join(", ", unknown)
                    + "; it takes " + String.join(", ", new TreeSet<>(allowed)));
        }
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    String string(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("transform '" + transform + "' needs the argument " + name);
        }
        return v.toString();
    }

    Pattern pattern(String name) {
        Object v = values.get(name);
        if (v instanceof Pattern p) {
            return p;
        }
        try {
            return Pattern.compile(string(name));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name + " is not a valid regular "
                    + "expression: " + e.getDescription());
        }
    }
}
