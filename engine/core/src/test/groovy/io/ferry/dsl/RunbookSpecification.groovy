package io.ferry.dsl

import io.ferry.runbook.Runbook
import io.ferry.transform.TransformRegistry
import spock.lang.Shared
import spock.lang.Specification

/**
 * Compiles runbooks from source text. The schemes {@code aws} and {@code azure} and the transform
 * {@code rename} are known, from the test class path.
 */
abstract class RunbookSpecification extends Specification {

    static final String FILE = 'V1__test.groovy'

    /** Line 1 of {@link #withOptions}: a valid runbook's opening, so a snippet is always on line 2. */
    static final String OPENING = "runbook { source 'aws:old'; target 'azure:new'"

    @Shared
    RunbookCompiler compiler = new RunbookCompiler(TransformRegistry.load())

    Runbook compile(String source) {
        compiler.compile(source, FILE)
    }

    /** @return a runbook with the snippet on line 2, from column 1, inside runbook { } */
    Runbook compileOptions(String snippet) {
        compile(withOptions(snippet))
    }

    static String withOptions(String snippet) {
        "$OPENING\n$snippet\n}"
    }

    /** @return the problems as {@code line:column: message}, in file order */
    List<String> problems(String source) {
        try {
            compile(source)
        } catch (RunbookException e) {
            assert e.problems().every { it.file() == FILE }
            return e.problems().collect { "${it.line()}:${it.column()}: ${it.message()}".toString() }
        }
        throw new AssertionError('the runbook compiled without problems')
    }
}
