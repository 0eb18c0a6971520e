package io.ferry.cli.repl;

import groovy.lang.Binding;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Tab offers after a dot: the type the expression before it will have, read from the code
 * without running it (a line such as {@code s.put('k', v).} must not write to offer completions),
 * and that type's methods and properties. The expression is a chain of names, calls and property
 * reads that starts at a variable (whose value's class is known), a function of the shell
 * ({@code open('memory:x').}) or a string literal; each step's type is the declared return type
 * of the method or getter it names. Whatever is made of a {@link Masked} value stays masked.
 */
final class ExpressionType {

    /** A step of a chain that is a call, {@code get('k')} or {@code findAll { ... }}, rather than a property. */
    private static final String CALL = "()";
    /** A step of a chain that is an index, {@code rows[0]}. */
    private static final String INDEX = "[]";
    /** Stands for a string literal at the head of a chain. */
    private static final String STRING = "\"\"";

    /** Groovy's own methods of collections that a line most often calls on a listing, and what they return. */
    private static final Map<String, String> ITERABLE_METHODS = Map.of(
            "each {", "same", "findAll {", "same", "find {", "element", "collect {", "list", "any {", "boolean",
            "every {", "boolean", "sort {", "same", "groupBy {", "map", "first()", "element", "last()", "element");

    /** The methods every Groovy object has, which say nothing about what the object holds. */
    private static final Set<String> GROOVY_OBJECT = Set.of("invokeMethod", "getProperty", "setProperty", "getMetaClass",
            "setMetaClass");

    private ExpressionType() {
    }

    /**
     * @param code Groovy code that ends with a dot (white space after it allowed)
     * @param binding the shell's variables
     * @param functions the class whose methods are the shell's functions
     * @return the type of the expression before the dot, or null when it cannot be told without running it
     */
    static Type before(String code, Binding binding, Class<?> functions) {
        List<String> chain = chain(code.stripTrailing());
        if (chain.isEmpty()) {
            return null;
        }
        String head = chain.get(0);
        Type type;
        if (head.equals(STRING)) {
            type = String.class;
        } else if (head.endsWith(CALL)) {
            type = returnType(functions, head.substring(0, head.length() - CALL.length()), null);
        } else {
            type = typeOf(binding.hasVariable(head) ? binding.getVariable(head) : null);
        }
        for (String step : chain.subList(1, chain.size())) {
            if (type == null) {
                return null;
            }
            type = step(type, step);
        }
        return type;
    }

    /** A variable's type: its value's class, and for a collection the class of its first element too. */
    private static Type typeOf(Object value) {
        if (value instanceof Collection<?> collection && !collection.isEmpty() && collection.iterator().next() != null) {
            return new Holding(value.getClass(), collection.iterator().next().getClass());
        }
        return value == null ? null : value.getClass();
    }

    /** A collection's class with the class of what it holds, as a variable's value shows them. */
    private record Holding(Class<?> raw, Class<?> element) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {element};
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }
    }

    /**
     * @param type a type
     * @return its public methods ({@code name(} or {@code name()} when it takes nothing) and its
     *     properties (from getters), sorted; for a collection also Groovy's {@code findAll {} } and the like
     */
    static List<String> members(Type type) {
        Class<?> raw = raw(type);
        TreeSet<String> names = new TreeSet<>();
        for (Method m : raw.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
                    || m.getDeclaringClass().getName().startsWith("groovy.") || GROOVY_OBJECT.contains(m.getName())) {
                continue;
            }
            names.add(m.getName() + (m.getParameterCount() == 0 ? "()" : "("));
            String property = property(m);
            if (property != null) {
                names.add(property);
            }
        }
        if (raw == Masked.class) {
            // Its methods go to the value inside: text() is also read as the property text.
            Arrays.stream(Masked.class.getDeclaredMethods())
                    .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == Masked.class)
                    .forEach(m -> names.add(m.getName()));
        }
        if (raw.isRecord()) {
            Arrays.stream(raw.getRecordComponents()).forEach(component -> names.add(component.getName()));
        }
        if (Iterable.class.isAssignableFrom(raw)) {
            names.addAll(ITERABLE_METHODS.keySet());
        }
        return List.copyOf(names);
    }

    /** @return the property a getter reads ({@code getValue()} reads {@code value}), or null */
    private static String property(Method m) {
        if (m.getParameterCount() != 0 || m.getReturnType() == void.class) {
            return null;
        }
        String name = m.getName();
        if (name.startsWith("get") && name.length() > 3 && !name.equals("getClass")) {
            return Introspector.decapitalize(name.substring(3));
        }
        if (name.startsWith("is") && name.length() > 2 && m.getReturnType() == boolean.class) {
            return Introspector.decapitalize(name.substring(2));
        }
        return null;
    }

    /** The type a step gives: a call's return type, a property's getter's or a record component's. */
    private static Type step(Type type, String step) {
        Class<?> raw = raw(type);
        if (raw == Masked.class) {
            return step.equals("size()") || step.equals("length()") ? int.class : Masked.class;
        }
        if (step.equals(INDEX)) {
            return element(type);
        }
        boolean call = step.endsWith(CALL);
        String name = call ? step.substring(0, step.length() - CALL.length()) : step;
        if (Iterable.class.isAssignableFrom(raw)) {
            String groovy = ITERABLE_METHODS.keySet().stream()
                    .filter(m -> m.startsWith(name + " ") || m.equals(name + "()")).findFirst().map(ITERABLE_METHODS::get).orElse(null);
            if (groovy != null && call) {
                return switch (groovy) {
                    case "same" -> type;
                    case "element" -> element(type);
                    case "list" -> List.class;
                    case "map" -> Map.class;
                    default -> boolean.class;
                };
            }
        }
        if (call) {
            return returnType(raw, name, type);
        }
        String capitalised = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String getter : List.of("get" + capitalised, "is" + capitalised, name)) {
            Type found = returnType(raw, getter, type, 0);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Type returnType(Class<?> owner, String name, Type ownerType) {
        return returnType(owner, name, ownerType, -1);
    }

    /** The generic return type of the public method of that name (with that many parameters, unless -1). */
    private static Type returnType(Class<?> owner, String name, Type ownerType, int parameters) {
        for (Method m : owner.getMethods()) {
            if (m.getName().equals(name) && (parameters < 0 || m.getParameterCount() == parameters)
                    && m.getReturnType() != void.class) {
                Type returned = m.getGenericReturnType();
                return returned instanceof TypeVariable<?> variable ? variable(variable, ownerType) : returned;
            }
        }
        return null;
    }

    /** A type parameter, as the owner's type gives it when it has just one ({@code Listing<SecretSummary>}). */
    private static Type variable(TypeVariable<?> variable, Type ownerType) {
        Type element = ownerType == null ? null : element(ownerType);
        if (element != null) {
            return element;
        }
        Type[] bounds = variable.getBounds();
        return bounds.length == 0 ? Object.class : bounds[0];
    }

    /** @return the one type argument of a parameterized type, or null */
    private static Type element(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length == 1
                && !(parameterized.getActualTypeArguments()[0] instanceof TypeVariable<?>)) {
            return parameterized.getActualTypeArguments()[0];
        }
        return null;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    /**
     * The chain of names, calls and property reads that ends the code, which ends with its dot:
     * {@code x = m.get('k').value.} gives {@code m}, {@code get()}, {@code value}; {@code rows[0].}
     * gives {@code rows}, {@code []}. Empty when the
     * code before the dot is anything else (an operator, a literal number, an open bracket).
     */
    static List<String> chain(String code) {
        if (!code.endsWith(".")) {
            return List.of();
        }
        List<String> chain = new ArrayList<>();
        boolean afterDot = true;
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (Character.isJavaIdentifierStart(c)) {
                int end = i;
                while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                    end++;
                }
                if (!afterDot) {
                    chain.clear();
                }
                chain.add(code.substring(i, end));
                afterDot = false;
                i = end;
            } else if (c == '.' || (c == '?' && code.startsWith("?.", i))) {
                if (afterDot || chain.isEmpty()) {
                    chain.clear();
                }
                afterDot = true;
                i += c == '.' ? 1 : 2;
            } else if ((c == '(' || c == '{') && !afterDot && !chain.isEmpty()) {
                int close = closing(code, i);
                if (close < 0) {
                    // Still open: the chain that matters is inside.
                    chain.clear();
                    afterDot = true;
                    i++;
                } else {
                    String last = chain.remove(chain.size() - 1);
                    chain.add(last.endsWith(CALL) ? last : last + CALL);
                    i = close + 1;
                }
            } else if (c == '[' && !afterDot && !chain.isEmpty()) {
                int close = closing(code, i);
                if (close < 0) {
                    chain.clear();
                    afterDot = true;
                    i++;
                } else {
                    chain.add(INDEX);
                    i = close + 1;
                }
            } else if (c == '\'' || c == '"') {
                int close = code.indexOf(c, i + 1);
                if (close < 0) {
                    return List.of();
                }
                chain.clear();
                chain.add(STRING);
                afterDot = false;
                i = close + 1;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                chain.clear();
                afterDot = true;
                i++;
            }
        }
        return afterDot ? chain : List.of();
    }

    /** @return the index of the bracket that closes the one at {@code open}, skipping strings, or -1 */
    private static int closing(String code, int open) {
        char opening = code.charAt(open);
        char closing = opening == '(' ? ')' : opening == '[' ? ']' : '}';
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                int end = code.indexOf(c, i + 1);
                if (end < 0) {
                    return -1;
                }
                i = end;
            } else if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
