package io.ferry.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.GroovyObject;
import groovy.lang.MissingMethodException;
import groovy.lang.Script;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.ProviderSpec;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.codehaus.groovy.runtime.DefaultGroovyMethods;
import org.codehaus.groovy.runtime.DefaultGroovyStaticMethods;

/**
 * The words of each DSL block, read from the delegate classes: a block's options are its public
 * methods, and a closure argument opens a nested block when its {@link DelegatesTo} names a block
 * class. The validator and the run-time messages both use this, so they cannot disagree with the
 * delegates.
 */
final class DslVocabulary {

    /** The delegate classes; the script itself is the top level. */
    static final List<Class<?>> BLOCKS = List.of(RunbookScript.class, RunbookBlock.class, DiscoveryBlock.class,
            PlanningBlock.class, ExecutionBlock.class, ValidationBlock.class, MonitoringBlock.class, StepsBlock.class);

    private static final Map<Class<?>, SortedSet<String>> OPTIONS = new HashMap<>();
    private static final Map<Class<?>, String> NAMES = new HashMap<>();
    private static final Set<String> SCRIPT_WORDS = scriptWords();

    static {
        for (Class<?> block : BLOCKS) {
            SortedSet<String> options = new TreeSet<>();
            for (Method m : block.getMethods()) {
                if (isOption(m)) {
                    options.add(m.getName());
                }
            }
            OPTIONS.put(block, Collections.unmodifiableSortedSet(options));
        }
        for (Class<?> block : BLOCKS) {
            for (String option : OPTIONS.get(block)) {
                Class<?> opened = opens(block, option);
                if (opened != null) {
                    NAMES.put(opened, option);
                }
            }
        }
    }

    private DslVocabulary() {
    }

    private static boolean isOption(Method m) {
        return Modifier.isPublic(m.getModifiers())
                && !Modifier.isStatic(m.getModifiers())
                && !m.isSynthetic()
                && m.getDeclaringClass().getPackageName().equals(DslVocabulary.class.getPackageName())
                && !isGroovyHook(m);
    }

    /** Methods through which Groovy dispatches, which a runbook never calls by name. */
    private static boolean isGroovyHook(Method m) {
        if (m.getName().equals("methodMissing")) {
            return true;
        }
        try {
            GroovyObject.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Names a script can call whatever the block: the script's own methods, the functions of the runbook
     * script such as {@code env} (but not {@code runbook}: a file holds one), and Groovy's methods on any object.
     */
    private static Set<String> scriptWords() {
        Set<String> words = new HashSet<>();
        for (Method m : Script.class.getMethods()) {
            words.add(m.getName());
        }
        for (Method m : RunbookScript.class.getDeclaredMethods()) {
            if (isOption(m) && !m.getName().equals("runbook")) {
                words.add(m.getName());
            }
        }
        for (Class<?> extensions : List.of(DefaultGroovyMethods.class, DefaultGroovyStaticMethods.class)) {
            for (Method m : extensions.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() > 0 && m.getParameterTypes()[0] == Object.class) {
                    words.add(m.getName());
                }
            }
        }
        return Collections.unmodifiableSet(words);
    }

    /**
     * @param type a class, such as the generated script class
     * @return the block class it is, or null when it is no block
     */
    static Class<?> blockOf(Class<?> type) {
        for (Class<?> block : BLOCKS) {
            if (block.isAssignableFrom(type)) {
                return block;
            }
        }
        return null;
    }

    /** @return the word that opens the block, such as {@code execution} */
    static String name(Class<?> block) {
        return NAMES.get(block);
    }

    /** @return the block's options, sorted */
    static SortedSet<String> options(Class<?> block) {
        return OPTIONS.get(block);
    }

    /** @return whether the script, or Groovy for any object, has a method of this name */
    static boolean isScriptWord(String name) {
        return SCRIPT_WORDS.contains(name);
    }

    private static List<Method> overloads(Class<?> block, String option) {
        return Arrays.stream(block.getMethods()).filter(m -> isOption(m) && m.getName().equals(option)).toList();
    }

    /**
     * @return the block a closure given to this option is run on, or null when its closures are user code
     */
    static Class<?> opens(Class<?> block, String option) {
        for (Method m : overloads(block, option)) {
            for (Parameter p : m.getParameters()) {
                DelegatesTo to = p.getAnnotation(DelegatesTo.class);
                if (to != null && BLOCKS.contains(to.value())) {
                    return to.value();
                }
            }
        }
        return null;
    }

    /**
     * @param block where the word was used
     * @param word a word that is not one of its options
     * @param schemes the provider functions, suggested for a word at the top level
     * @return {@code unknown option 'concurency' in execution; did you mean 'concurrency'?}, or where it belongs
     */
    static String unknown(Class<?> block, String word, List<String> schemes) {
        boolean top = block == RunbookScript.class;
        String unknown = top ? "unknown method '" + word + "'" : "unknown option '" + word + "' in " + name(block);
        String nearest = ProviderRegistry.nearest(word, List.copyOf(options(block)));
        if (nearest != null) {
            return unknown + "; did you mean '" + nearest + "'?";
        }
        for (Class<?> home : BLOCKS) {
            if (home != block && options(home).contains(word)) {
                return unknown + "; it belongs " + (home == RunbookScript.class ? "at the top level" : "in " + name(home) + " { }");
            }
        }
        if (!top) {
            return unknown + "; options here: " + String.join(", ", options(block));
        }
        String scheme = ProviderRegistry.nearest(word, schemes);
        if (scheme != null) {
            return unknown + "; did you mean the provider function '" + scheme + "'?";
        }
        return unknown + "; the top level knows " + String.join(", ", options(block))
                + (schemes.isEmpty() ? " and no provider functions" : " and the provider functions " + String.join(", ", schemes));
    }

    /**
     * @param block where the option was used
     * @param option the option
     * @param given what it was given, as {@link #literal} or {@link #kindOf} describe it; empty for nothing
     * @return {@code concurrency takes a whole number, not 'eight'}
     */
    static String wrongArguments(Class<?> block, String option, String given) {
        SortedSet<String> forms = new TreeSet<>();
        for (Method m : overloads(block, option)) {
            forms.add(form(m.getParameterTypes()));
        }
        List<String> list = new ArrayList<>(forms);
        String expected = list.size() == 1 ? list.get(0)
                : String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
        return given.isEmpty() ? option + " needs " + expected : option + " takes " + expected + ", not " + given;
    }

    private static String form(Class<?>[] parameters) {
        List<Class<?>> types = Arrays.asList(parameters);
        if (types.size() > 1 && Map.class.isAssignableFrom(types.get(0))) {
            // Groovy passes named arguments first, but they read last: transform 'rename', from: ..., to: ...
            return form(types.subList(1, types.size()).toArray(Class<?>[]::new)) + " with named arguments";
        }
        return types.stream().map(DslVocabulary::kind).collect(Collectors.joining(" and "));
    }

    private static String kind(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type == String[].class) {
            return "text";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Closure.class.isAssignableFrom(type)) {
            return "a block { }";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "named arguments";
        }
        if (type == ProviderSpec.class) {
            return "a provider";
        }
        if (type == ValidationBlock.Sample.class) {
            return "sample(FRACTION)";
        }
        return "a " + type.getSimpleName();
    }

    /**
     * @param value an argument computed at run time
     * @return what kind of value it is, never the value itself
     */
    static String kindOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List || value instanceof Object[]) {
            return "a list";
        }
        if (value instanceof Pattern) {
            return "a pattern";
        }
        return kind(value.getClass());
    }

    /**
     * @param value a literal argument from the runbook's source
     * @return the literal as written, for messages about code; {@link #kindOf} for anything else
     */
    static String literal(Object value) {
        if (value instanceof CharSequence text) {
            return "'" + text + "'";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof ValidationBlock.Sample sample) {
            return "sample(" + sample.fraction() + ")";
        }
        return kindOf(value);
    }

    /**
     * @param missing Groovy's report of a call nothing answered
     * @param schemes the provider functions
     * @return what to fix, naming the kinds of the arguments but not their values
     */
    static String missingMethod(MissingMethodException missing, List<String> schemes) {
        String given = Arrays.stream(missing.getArguments()).map(DslVocabulary::kindOf).collect(Collectors.joining(", "));
        Class<?> block = blockOf(missing.getType());
        if (block == null) {
            return "no method " + missing.getMethod() + "(" + given + ") on " + missing.getType().getSimpleName();
        }
        return options(block).contains(missing.getMethod())
                ? wrongArguments(block, missing.getMethod(), given)
                : unknown(block, missing.getMethod(), schemes);
    }
}
