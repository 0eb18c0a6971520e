package io.ferry.testkit.server.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label selector as the API server reads the {@code labelSelector} parameter: requirements
 * separated by commas, each {@code key=value}, {@code key==value}, {@code key!=value},
 * {@code key in (a,b)}, {@code key notin (a,b)}, {@code key} (exists) or {@code !key} (does not
 * exist). An object is selected when it meets every requirement; {@code !=} and {@code notin} also
 * select objects without the label, as on the real server.
 */
final class LabelSelector {

    private static final Pattern SET = Pattern.compile("^\\s*(\\S+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*$");
    private static final Pattern EQUALITY = Pattern.compile("^\\s*([^=!\\s]+)\\s*(==|=|!=)\\s*([^=!\\s]*)\\s*$");
    private static final Pattern EXISTS = Pattern.compile("^\\s*(!?)\\s*([^=!\\s(),]+)\\s*$");

    private final List<Predicate<Map<String, String>>> requirements;

    private LabelSelector(List<Predicate<Map<String, String>>> requirements) {
        this.requirements = requirements;
    }

    /**
     * @param selector the parameter, or null or empty for everything
     * @return the selector
     * @throws ApiStatus 400 BadRequest when it cannot be parsed
     */
    static LabelSelector parse(String selector) {
        List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return new LabelSelector(requirements);
        }
        for (String term : split(selector)) {
            requirements.add(requirement(selector, term));
        }
        return new LabelSelector(requirements);
    }

    /**
     * @param labels an object's labels, possibly empty
     * @return whether the object is selected
     */
    boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.test(labels));
    }

    private static Predicate<Map<String, String>> requirement(String selector, String term) {
        Matcher set = SET.matcher(term);
        if (set.matches()) {
            String key = checkedKey(selector, set.group(1));
            Set<String> values = Set.copyOf(List.of(set.group(3).trim().isEmpty() ? new String[0]
                    : set.group(3).trim().split("\\s*,\\s*")));
            if (values.isEmpty()) {
                throw invalid(selector, "for 'in', 'notin' operators, values set can't be empty");
            }
            return set.group(2).equals("in")
                    ? labels -> labels.containsKey(key) && values.contains(labels.get(key))
                    : labels -> !labels.containsKey(key) || !values.contains(labels.get(key));
        }
        Matcher equality = EQUALITY.matcher(term);
        if (equality.matches()) {
            String key = checkedKey(selector, equality.group(1));
            String value = equality.group(3);
            return equality.group(2).equals("!=")
                    ? labels -> !value.equals(labels.get(key))
                    : labels -> value.equals(labels.get(key));
        }
        Matcher exists = EXISTS.matcher(term);
        if (exists.matches()) {
            String key = checkedKey(selector, exists.group(2));
            return exists.group(1).isEmpty() ? labels -> labels.containsKey(key) : labels -> !labels.containsKey(key);
        }
        throw invalid(selector, "unable to parse requirement: '" + term.trim() + "'");
    }

    private static String checkedKey(String selector, String key) {
        String problem = Validation.qualifiedName(key);
        if (problem != null) {
            throw invalid(selector, "key: Invalid value: \"" + key + "\": " + problem);
        }
        return key;
    }

    /** Splits at the commas that are not inside a set's parentheses. */
    private static List<String> split(String selector) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private static ApiStatus invalid(String selector, String why) {
        return ApiStatus.badRequest("unable to parse requirement: " + why + " (labelSelector \"" + selector + "\")");
    }
}
