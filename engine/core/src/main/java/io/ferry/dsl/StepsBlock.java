package io.ferry.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import io.ferry.runbook.Step;
import io.ferry.runbook.StepContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The delegate of a {@code forEach} block, run once per item when the run reaches it: its
 * {@code step} calls declare that item's steps.
 */
public final class StepsBlock extends GroovyObjectSupport {

    private final List<StepHandle> steps = new ArrayList<>();
    private final String location;

    StepsBlock(String location) {
        this.location = location;
    }

    /**
     * {@code step("create user ${item.id}") { ctx -> ... } undo { ctx -> ... }}: a step of this item.
     *
     * @param name what it does, unique within the item
     * @param action what it does, called with the {@link StepContext}, which is also its delegate
     * @return the step, to which {@code undo { }} adds its compensation
     */
    public StepHandle step(String name,
                           @DelegatesTo(value = StepContext.class, strategy = Closure.DELEGATE_FIRST)
                           @ClosureParams(value = SimpleType.class, options = "io.ferry.runbook.StepContext")
                           Closure<?> action) {
        StepHandle handle = new StepHandle(name, action, "step@" + location);
        steps.add(handle);
        return handle;
    }

    /**
     * Without this, Groovy would show the block's private fields to the runbook as properties.
     *
     * @throws MissingPropertyException always, so the enclosing blocks and the script answer the name
     */
    @Override
    public Object getProperty(String propertyName) {
        throw new MissingPropertyException(propertyName, getClass());
    }

    /**
     * Without this, a runbook could overwrite the block's private fields.
     *
     * @throws MissingPropertyException always, so the enclosing blocks and the script answer the name
     */
    @Override
    public void setProperty(String propertyName, Object newValue) {
        throw new MissingPropertyException(propertyName, getClass());
    }

    List<Step> steps() {
        return steps.stream().map(StepHandle::toStep).toList();
    }
}
