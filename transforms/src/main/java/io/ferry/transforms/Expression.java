package io.ferry.transforms;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.util.HashMap;
import java.util.Map;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * A Groovy expression compiled once and run with a fresh script object per call, so one instance
 * serves every thread. Failures are reported with the key and the exception type only: a message
 * from inside the expression may quote a value.
 */
final class Expression {

    private final String transform;
    private final Class<? extends Script> compiled;

    Expression(String transform, String argument, String source) {
        this.transform = transform;
        try {
            this.compiled = new GroovyShell(Expression.class.getClassLoader()).parse(source).getClass();
        } catch (CompilationFailedException e) {
            throw new IllegalArgumentException("transform '" + transform + "' argument " + argument
                    + " is not a valid Groovy expression: " + firstLine(e.getMessage()));
        }
    }

    Object evaluate(String key, Map<String, Object> variables) {
        Script script = InvokerHelper.createScript(compiled, new Binding(new HashMap<>(variables)));
        try {
            return script.run();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(transform + ": the expression failed on " + key + " with "
                    + e.getClass().getSimpleName() + "; check the fields it reads");
        }
    }

    private static String firstLine(String message) {
        String[] lines = message.split("\\R");
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("startup failed")) {
                return line.trim();
            }
        }
        return message;
    }
}
