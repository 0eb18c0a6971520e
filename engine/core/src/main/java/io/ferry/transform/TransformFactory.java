package io.ferry.transform;

import java.util.Map;

/**
 * Creates a named transform from its arguments. Registered under
 * {@code META-INF/services/io.ferry.transform.TransformFactory}; found by name from the DSL
 * ({@code transform 'rename', from: ~/^app\//, to: 'svc/'}), the command line and the REPL.
 */
public interface TransformFactory {

    /** @return the name users write, for example {@code azure-safe-names} */
    String name();

    /** @return one line saying what it does, for {@code ferry transforms} */
    String description();

    /**
     * @param arguments the named arguments given with it; empty when none
     * @return the transform
     * @throws IllegalArgumentException when an argument is missing or wrong, naming it and the fix
     */
    Transform create(Map<String, Object> arguments);
}
