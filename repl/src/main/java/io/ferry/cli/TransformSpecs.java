package io.ferry.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads transform arguments written on the command line: {@code k=v}, and {@code NAME:k=v,k=v}. */
final class TransformSpecs {

    private TransformSpecs() {
    }

    /**
     * @param spec {@code NAME} or {@code NAME:k=v,k=v}
     * @return the name, then its arguments
     * @throws IllegalArgumentException naming the spec and the form it should have
     */
    static Map.Entry<String, Map<String, Object>> parse(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        if (name.isBlank()) {
            throw new IllegalArgumentException("--transform '" + spec + "' has no name; write NAME or NAME:key=value,key=value");
        }
        List<String> pairs = colon < 0 || colon == spec.length() - 1 ? List.of() : List.of(spec.substring(colon + 1).split(","));
        return Map.entry(name, arguments(pairs, "--transform " + name));
    }

    /**
     * @param pairs {@code key=value} each
     * @param where the option, for errors
     * @return the arguments, as text, in order
     */
    static Map<String, Object> arguments(List<String> pairs, String where) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(where + ": argument '" + pair + "' is not key=value");
            }
            arguments.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
        }
        return arguments;
    }
}
