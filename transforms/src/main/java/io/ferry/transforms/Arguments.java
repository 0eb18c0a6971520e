package io.ferry.transforms;

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

    String string(String name, String otherwise) {
        return has(name) ? string(name) : otherwise;
    }

    String choice(String name, String... allowed) {
        String v = string(name);
        if (!List.of(allowed).contains(v)) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name + " is '" + v
                    + "'; it takes one of " + String.join(", ", allowed));
        }
        return v;
    }

    List<String> strings(String name) {
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

    Map<String, Object> map(String name) {
        Object v = values.get(name);
        if (!(v instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name
                    + " must be a non-empty map, for example " + name + ": [a: 'b']");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, e) -> out.put(String.valueOf(k), e));
        return out;
    }

    Duration duration(String name) {
        String v = string(name);
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + name + " is not an ISO-8601 duration; "
                    + "write it like P30D or PT12H");
        }
    }

    Instant instant(String name) {
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
}
