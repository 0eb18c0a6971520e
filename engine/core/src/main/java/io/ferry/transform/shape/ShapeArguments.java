package io.ferry.transform.shape;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a shape transform's arguments, given in a runbook (typed values) or on the command line
 * (text), with errors that name the transform, the argument and the fix.
 */
final class ShapeArguments {

    private final String transform;
    private final Map<String, Object> values;

    ShapeArguments(String transform, Map<String, Object> values, Set<String> allowed) {
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

    String string(String name, String fallback) {
        Object v = values.get(name);
        return v == null ? fallback : v.toString();
    }

    Pattern pattern(String name) {
        Object v = values.get(name);
        if (v instanceof Pattern p) {
            return p;
        }
        try {
            return Pattern.compile(String.valueOf(v));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name
                    + " is not a valid regular expression: " + e.getDescription());
        }
    }

    int positive(String name, int fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = v instanceof Number number ? number.intValue() : Integer.parseInt(v.toString().strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name
                    + " must be a whole number of at least 1, not " + v);
        }
        return n;
    }
}
