package io.ferry.dsl;

import groovy.lang.Closure;
import io.ferry.runbook.ForEach;
import io.ferry.runbook.StepContext;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns the arguments of {@code forEach} into a {@link ForEach}. */
final class ProcedureItems {

    private static final Set<String> OPTIONS = new TreeSet<>(Set.of("name", "key", "batchSize"));

    private ProcedureItems() {
    }

    /**
     * @throws IllegalArgumentException naming the option that is wrong and what it takes
     */
    static ForEach forEach(Map<String, Object> options, Object items, Closure<?> body, String location) {
        for (String option : options.keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("forEach has no option '" + option + "'; it takes " + String.join(", ", OPTIONS));
            }
        }
        Object name = options.get("name");
        Object key = options.get("key");
        Object batch = options.getOrDefault("batchSize", 0);
        if (key != null && !(key instanceof Closure)) {
            throw new IllegalArgumentException("forEach key: takes a closure naming an item, for example key: { it.id }");
        }
        if (!(batch instanceof Integer size) || size < 0) {
            throw new IllegalArgumentException("forEach batchSize: takes a whole number of items, 0 or more; got " + batch);
        }
        if (!(items instanceof Closure) && !(items instanceof Iterable) && !(items instanceof Object[])) {
            throw new IllegalArgumentException("forEach takes a list of items, or a closure that finds them when the run starts: "
                    + "forEach({ -> findItems() }) { item -> ... }");
        }
        Closure<?> keyClosure = (Closure<?>) key;
        return new ForEach(name == null ? null : name.toString(), context -> found(items, context),
                keyClosure == null ? ProcedureItems::defaultKey : item -> String.valueOf(keyClosure.call(item)),
                size, item -> {
                    StepsBlock steps = new StepsBlock(location);
                    Closures.delegatingTo(body, steps).call(item);
                    return steps.steps();
                });
    }

    private static Iterable<?> found(Object items, StepContext context) {
        Object value = items;
        if (items instanceof Closure<?> finder) {
            Closure<?> call = Closures.delegatingTo(finder, context);
            value = finder.getMaximumNumberOfParameters() == 0 ? call.call() : call.call(context);
        }
        if (value instanceof Iterable<?> iterable) {
            return iterable;
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        throw new IllegalArgumentException("the items closure of forEach returned "
                + (value == null ? "null" : "a " + value.getClass().getName()) + ", not a list");
    }

    private static String defaultKey(Object item) {
        if (item instanceof Map<?, ?> map) {
            for (String field : new String[] {"id", "key", "name"}) {
                if (map.get(field) != null) {
                    return String.valueOf(map.get(field));
                }
            }
            throw new IllegalArgumentException("an item has no id, key or name field; give forEach a key, for example key: { it.project }");
        }
        if (item instanceof CharSequence || item instanceof Number) {
            return item.toString();
        }
        throw new IllegalArgumentException("an item is a " + (item == null ? "null" : item.getClass().getName())
                + "; give forEach a key, for example key: { it.id }");
    }
}
