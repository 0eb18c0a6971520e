package io.ferry.dsl;

import io.ferry.spi.ValueFreeMessage;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A transform script that does not compile. Its message is one line per problem,
 * {@code transforms/NAME.groovy:LINE:COLUMN: what is wrong}.
 */
public final class TransformScriptException extends IllegalArgumentException implements ValueFreeMessage {

    private static final long serialVersionUID = 1L;

    /** The problems; transient since a problem is not serializable and an exception need not travel. */
    private final transient List<RunbookProblem> problems;

    TransformScriptException(List<RunbookProblem> problems) {
        super(problems.stream().map(RunbookProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, each at its file, line and column in the script */
    public List<RunbookProblem> problems() {
        return problems;
    }
}
