package io.ferry.dsl;

import io.ferry.spi.ProviderSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provider functions: every scheme an adapter claims is a function of the DSL, so
 * {@code local('new.db', prefix: 'app/')}, {@code memory()} and
 * {@code aws(region: 'us-east-1', prefix: 'payments/')} each give a {@link ProviderSpec}.
 */
final class ProviderFunctions {

    private ProviderFunctions() {
    }

    /**
     * @param scheme the function's name, a known scheme
     * @param arguments as Groovy passes them: named options first, as a map, then an optional location
     * @return the spec
     * @throws IllegalArgumentException when the arguments are not a location and named options
     */
    static ProviderSpec spec(String scheme, Object[] arguments) {
        String location = null;
        Map<String, String> options = new LinkedHashMap<>();
        for (Object argument : arguments) {
            if (argument instanceof Map<?, ?> named) {
                named.forEach((name, value) -> options.put(String.valueOf(name), option(scheme, String.valueOf(name), value)));
            } else if (argument instanceof CharSequence text && location == null) {
                location = text.toString();
            } else {
                throw new IllegalArgumentException(scheme + "(...) takes one location and named options, as in "
                        + scheme + "('LOCATION', name: 'value'), not "
                        + (argument instanceof CharSequence ? "a second location" : DslVocabulary.kindOf(argument)));
            }
        }
        return new ProviderSpec(scheme, location, options);
    }

    private static String option(String scheme, String name, Object value) {
        if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new IllegalArgumentException(scheme + " option '" + name + "' must be text, a number, true or false, not "
                + DslVocabulary.kindOf(value));
    }
}
