package io.ferry.dsl;

import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;

/**
 * What every block of the DSL has in common: options, which are its public methods, and no
 * properties. Names a block does not answer are left to the enclosing blocks and the script, as
 * {@link groovy.lang.Closure#DELEGATE_FIRST} resolves them.
 */
public abstract class DslBlock extends GroovyObjectSupport {

    private final Evaluation evaluation;

    DslBlock(Evaluation evaluation) {
        this.evaluation = evaluation;
    }

    /**
     * Groovy calls this for a call none of this block's methods takes.
     *
     * @param name the method called
     * @param args its arguments
     * @return null, after recording an option given the wrong arguments
     * @throws groovy.lang.MissingMethodException for any other name, so the enclosing blocks can answer it
     */
    public Object methodMissing(String name, Object args) {
        return evaluation.unanswered(this, name, args);
    }

    /**
     * Without this, Groovy would show a block's private fields to the runbook as properties.
     *
     * @throws MissingPropertyException always, so the enclosing blocks and the script answer the name
     */
    @Override
    public Object getProperty(String propertyName) {
        throw new MissingPropertyException(propertyName, getClass());
    }

    /**
     * Without this, a runbook could overwrite a block's private fields.
     *
     * @throws MissingPropertyException always, so the enclosing blocks and the script answer the name
     */
    @Override
    public void setProperty(String propertyName, Object newValue) {
        throw new MissingPropertyException(propertyName, getClass());
    }

    final Evaluation evaluation() {
        return evaluation;
    }
}
