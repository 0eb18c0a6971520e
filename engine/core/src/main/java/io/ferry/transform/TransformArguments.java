package io.ferry.transform;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a named transform's arguments, given in a runbook (typed values) or on the command line
 * (text), with errors that name the transform, the argument and the fix. For
 * {@link TransformFactory#create} implementations.
 */
public final class TransformArguments {

    private final String transform;
    private final Map<String, Object> values;

    /**
     * @param transform the transform's name, for messages
     * @param values the arguments as given
     * @param allowed the argument names the transform takes
     * @throws IllegalArgumentException for an argument it does not take, listing those it does
     */
    public TransformArguments(String transform, Map<String, Object> values, Set<String> allowed) {
        this.transform = transform;
        this.values = values;
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("transform '" + transform + "' has no argument " + String.join(", ", unknown)
                    + "; it takes " + String.join(", ", new TreeSet<>(allowed)));
        }
    }

    /** @param name an argument @return whether it was given, and not as null */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** @param name a required argument @return its text @throws IllegalArgumentException when it is missing */
    public String string(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("transform '" + transform + "' needs the argument " + name);
        }
        return v.toString();
    }

    /** @param name a required argument @return it as a regular expression (a Groovy pattern or its text) */
    public Pattern pattern(String name) {
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

    /** @param name an optional argument @param otherwise its default @return its text, or the default */
    public String string(String name, String otherwise) {
        return has(name) ? string(name) : otherwise;
    }

    /** @param name a required argument @param allowed the words it may be @return the word given */
    public String choice(String name, String... allowed) {
        String v = string(name);
        if (!List.of(allowed).contains(v)) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name + " is '" + v
                    + "'; it takes one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** @param name a required argument, one text or a list @return its texts, at least one */
    public List<String> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("transform '" + transform + "' needs the argument " + name);
        }
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            c.forEach(e -> out.add(String.valueOf(e)));
        } else {
            out.add(v.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name + " is empty; give at least one name");
        }
        return out;
    }

    /** @param name a required argument @return it as a non-empty map with text keys */
    public Map<String, Object> map(String name) {
        Object v = values.get(name);
        if (!(v instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name
                    + " must be a non-empty map, for example " + name + ": [a: 'b']");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, e) -> out.put(String.valueOf(k), e));
        return out;
    }

    /** @param name a required argument @return it as an ISO-8601 duration such as P30D */
    public Duration duration(String name) {
        String v = string(name);
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name + " is not an ISO-8601 duration; "
                    + "write it like P30D or PT12H");
        }
    }

    /** @param name a required argument @return it as an ISO-8601 instant */
    public Instant instant(String name) {
        Object v = values.get(name);
        if (v instanceof Instant i) {
            return i;
        }
        try {
            return Instant.parse(string(name));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name + " is not an ISO-8601 instant; "
                    + "write it like 2030-01-01T00:00:00Z");
        }
    }

    /**
     * @param name an optional argument
     * @param fallback its default
     * @return it as a whole number of at least 1, or the default
     */
    public int positive(String name, int fallback) {
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
