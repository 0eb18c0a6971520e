package io.ferry.dsl;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import io.ferry.runbook.Runbook;
import io.ferry.spi.ProviderSpec;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The base class of every runbook script: the {@code runbook { }} block, the provider functions, and
 * {@code env}. Every scheme an adapter on the class path claims is a function, so {@code local('new.db')},
 * {@code memory()} and {@code aws(region: 'us-east-1')} give provider specs anywhere in the file;
 * {@code env('VAULT_ADDR', 'https://vault.example.com')} reads the environment the engine runs with,
 * so one runbook serves every environment it is run in.
 */
public abstract class RunbookScript extends Script {

    private Evaluation evaluation;
    private RunbookBlock runbook;
    private int runbookLine;

    /** For the script class Groovy generates. */
    protected RunbookScript() {
    }

    /** @param binding the script's variables */
    protected RunbookScript(Binding binding) {
        super(binding);
    }

    /**
     * The runbook this file describes; one per file.
     *
     * @param body source, target, transforms and the stage blocks
     */
    public void runbook(@DelegatesTo(value = RunbookBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        if (runbook != null) {
            evaluation.report("a runbook file holds one runbook block; the first is at line " + runbookLine);
            return;
        }
        runbookLine = evaluation.callerLine();
        runbook = new RunbookBlock(evaluation);
        Closures.delegatingTo(body, runbook).call();
    }

    /**
     * Reads an environment variable the runbook needs, such as the address of a store. The variables
     * are those the engine was configured with, the process's by default. Read addresses, names and
     * prefixes this way, never secrets: the runbook's values appear in plans and reports.
     *
     * @param name the variable's name
     * @return its value; when it is not set, a problem at this line, and the runbook does not load
     */
    public String env(String name) {
        String value = evaluation.environment().get(name);
        if (value == null) {
            evaluation.unset(name);
            return "";
        }
        return value;
    }

    /**
     * Reads an environment variable, with the value to use when it is not set.
     *
     * @param name the variable's name
     * @param otherwise the value when the variable is not set
     * @return the variable's value, or {@code otherwise}
     */
    public String env(String name, String otherwise) {
        return evaluation.environment().getOrDefault(name, otherwise);
    }

    /**
     * Groovy calls this for a method the script does not have; a known scheme's name is a provider function.
     *
     * @param name the method's name
     * @param args its arguments
     * @return the provider spec
     * @throws MissingMethodException when no adapter claims a scheme of that name
     */
    public Object methodMissing(String name, Object args) {
        Object[] arguments = args instanceof Object[] array ? array : new Object[] {args};
        if (evaluation == null || !evaluation.providers().knows(name)) {
            throw new MissingMethodException(name, getClass(), arguments);
        }
        return evaluation.attempt(() -> ProviderFunctions.spec(name, arguments), new ProviderSpec(name, "", null));
    }

    /**
     * Reads a variable of the runbook. Without this, Groovy would show this class's private fields to
     * the runbook as variables.
     *
     * @param property the variable's name
     * @return its value
     * @throws MissingPropertyException when there is no such variable
     */
    @Override
    public Object getProperty(String property) {
        if (!getBinding().hasVariable(property) && isOwnField(property)) {
            throw new MissingPropertyException(property, getClass());
        }
        return super.getProperty(property);
    }

    private static boolean isOwnField(String name) {
        return Arrays.stream(RunbookScript.class.getDeclaredFields()).anyMatch(f -> f.getName().equals(name));
    }

    void evaluateWith(Evaluation evaluation) {
        this.evaluation = evaluation;
    }

    /**
     * @return the runbook the script described, or null after recording why there is none
     */
    Runbook build(String name, Path origin) {
        if (runbook == null) {
            evaluation.report(0, "no runbook { } block ran; describe the migration in runbook { ... }");
            return null;
        }
        try {
            return runbook.build(name, origin);
        } catch (IllegalArgumentException e) {
            evaluation.report(runbookLine, e.getMessage());
            return null;
        }
    }
}
