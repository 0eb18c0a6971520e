package io.ferry.cli.repl;

import groovy.lang.Closure;
import groovy.lang.GroovyInterceptable;
import groovy.lang.MetaClass;
import groovy.lang.MissingMethodException;
import io.ferry.secret.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * A secret value as the shell hands it out ({@code rec.value}, {@code rec.json}), and anything
 * made from one. Whatever a line does with it, the result is masked again: in Groovy every method
 * and property goes to the value inside and its result comes back as a {@code Masked}, closures
 * given to it ({@code each}, {@code collect}, {@code findAll}) receive masked arguments, and
 * printing, {@code toString}, GString interpolation, concatenation and {@code as String} give
 * {@code ‹masked: 24 bytes›}. Only booleans and sizes come out as they are, so that a line can
 * still test a value ({@code rec.value.text.startsWith('postgres:')}, {@code ==}).
 *
 * <p>{@code reveal(x)} prints what is inside; {@code put} and the other helpers of the shell take
 * a {@code Masked} as the value inside, so that a repair such as
 * {@code s.put(k, rec.value.text.replace('5432', '5433'))} writes the real, replaced value.
 *
 * <p>In Java ({@code :java}) the methods declared here are what a line can call.
 */
public final class Masked implements GroovyInterceptable {

    /** Results that say how big a value is, not what it holds. */
    private static final Set<String> SIZES = Set.of("size", "length", "getLength");

    private final Object inside;
    private MetaClass metaClass;

    private Masked(Object inside) {
        this.inside = inside;
    }

    /**
     * @param value a value, or what was made from one
     * @return it masked; null, booleans and what is already masked as they are
     */
    static Object of(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Masked || value instanceof Class<?>) {
            return value;
        }
        return new Masked(value);
    }

    /**
     * @param value anything a line passes to a helper
     * @return what is inside when it is masked, else the object itself
     */
    static Object unmask(Object value) {
        if (value instanceof Masked masked) {
            return masked.inside;
        }
        if (value instanceof MaskedRecord rec) {
            return rec.record();
        }
        return value;
    }

    /** @return the value as text (UTF-8), masked */
    public Masked text() {
        if (inside instanceof SecretValue v) {
            return new Masked(v.text());
        }
        return new Masked(inside instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(inside));
    }

    /** @return the value's bytes, masked */
    public Masked bytes() {
        if (inside instanceof SecretValue v) {
            return new Masked(v.bytes());
        }
        return new Masked(inside instanceof byte[] bytes ? bytes.clone() : String.valueOf(inside).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the value's size: bytes for a value or text, elements for a collection */
    public int size() {
        if (inside instanceof SecretValue v) {
            return v.size();
        } else if (inside instanceof byte[] bytes) {
            return bytes.length;
        } else if (inside instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8).length;
        } else if (inside instanceof Collection<?> c) {
            return c.size();
        } else if (inside instanceof Map<?, ?> m) {
            return m.size();
        }
        return 1;
    }

    @Override
    public Object invokeMethod(String name, Object args) {
        Object[] arguments = InvokerHelper.asArray(args);
        switch (name) {
            case "toString" -> {
                return toString();
            }
            case "equals" -> {
                return arguments.length == 1 && equals(arguments[0]);
            }
            case "hashCode" -> {
                return hashCode();
            }
            case "asType" -> {
                return asType(arguments.length == 1 && arguments[0] instanceof Class<?> type ? type : Object.class);
            }
            default -> {
                Object[] plain = new Object[arguments.length];
                for (int i = 0; i < arguments.length; i++) {
                    plain[i] = arguments[i] instanceof Closure<?> closure ? new MaskingClosure(closure) : unmask(arguments[i]);
                }
                Object result = delegate(name, arguments, () -> InvokerHelper.invokeMethod(inside, name, plain));
                return SIZES.contains(name) && result instanceof Number ? result : of(result);
            }
        }
    }

    /**
     * {@code as String} gives the masked rendering; a conversion to anything else would hand out
     * what is inside, unmasked, so there is none.
     */
    private Object asType(Class<?> type) {
        if (type.isInstance(this)) {
            return this;
        }
        if (type == String.class || type == CharSequence.class) {
            return toString();
        }
        if (type == Boolean.class || type == boolean.class) {
            return DefaultTypeTransformation.castToBoolean(inside);
        }
        throw new IllegalArgumentException("a masked value cannot be turned into " + type.getSimpleName()
                + "; reveal(x) prints it, put(key, x) writes it");
    }

    @Override
    public Object getProperty(String name) {
        Object result = delegate(name, new Object[0], () -> InvokerHelper.getProperty(inside, name));
        return SIZES.contains(name) && result instanceof Number ? result : of(result);
    }

    @Override
    public void setProperty(String name, Object value) {
        throw new UnsupportedOperationException("a masked value cannot be changed; make a new one, for example with replace");
    }

    @Override
    public MetaClass getMetaClass() {
        if (metaClass == null) {
            metaClass = InvokerHelper.getMetaClass(getClass());
        }
        return metaClass;
    }

    @Override
    public void setMetaClass(MetaClass metaClass) {
        this.metaClass = metaClass;
    }

    /**
     * Runs a call on what is inside. Its failure is reported by type and the method's name only:
     * messages such as {@code NumberFormatException: For input string: "..."} quote the value.
     */
    private Object delegate(String name, Object[] maskedArguments, Supplier<Object> call) {
        try {
            return call.get();
        } catch (MissingMethodException e) {
            throw new MissingMethodException(name, inside.getClass(), maskedArguments);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " failed on a masked value: " + e.getClass().getSimpleName());
        }
    }

    /** Equal when what is inside is, masked or not: a line can check a value it is about to fix. */
    @Override
    public boolean equals(Object other) {
        Object that = unmask(other);
        if (inside instanceof SecretValue || that instanceof SecretValue) {
            return inside.equals(that);
        }
        return DefaultTypeTransformation.compareEqual(inside, that);
    }

    /** The size alone, as {@link SecretValue#hashCode()}: a hash table is no oracle for the content. */
    @Override
    public int hashCode() {
        return size();
    }

    /** Never what is inside: its size and kind. */
    @Override
    public String toString() {
        if (inside instanceof SecretValue || inside instanceof byte[] || inside instanceof CharSequence) {
            int n = size();
            return "‹masked: " + n + (n == 1 ? " byte›" : " bytes›");
        } else if (inside instanceof Collection<?> || inside instanceof Map<?, ?>) {
            int n = size();
            return "‹masked: " + n + (inside instanceof Map<?, ?> ? " field" : " element") + (n == 1 ? "›" : "s›");
        }
        return "‹masked›";
    }

    /** A closure given to a masked value's method, which receives masked arguments. */
    private static final class MaskingClosure extends Closure<Object> {

        private final Closure<?> closure;

        MaskingClosure(Closure<?> closure) {
            super(closure.getOwner(), closure.getThisObject());
            this.closure = closure;
            this.maximumNumberOfParameters = closure.getMaximumNumberOfParameters();
            this.parameterTypes = closure.getParameterTypes();
        }

        @Override
        public Object call(Object... args) {
            Object[] masked = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                masked[i] = of(args[i]);
            }
            return closure.call(masked);
        }

        @Override
        public Object call(Object arg) {
            return closure.call(of(arg));
        }

        @Override
        public Object call() {
            return closure.call();
        }

        /** Groovy calls a closure's doCall through its meta class, as for one written in a line. */
        public Object doCall(Object... args) {
            return call(args);
        }
    }
}
