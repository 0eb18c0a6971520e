package io.ferry.dsl;

import io.ferry.spi.ValueFreeMessage;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A runbook file that cannot be turned into a runbook, with every problem found in it. Thrown before
 * any stage runs. {@link #getMessage()} is the problems, one {@code file:line:column: message} per line.
 */
public final class RunbookException extends RuntimeException implements ValueFreeMessage {

    private static final long serialVersionUID = 1L;

    private final transient List<RunbookProblem> problems;

    /**
     * @param problems what is wrong; at least one
     */
    public RunbookException(List<RunbookProblem> problems) {
        super(inFileOrder(problems).stream().map(RunbookProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a RunbookException needs at least one problem");
        }
        this.problems = inFileOrder(problems);
    }

    private static List<RunbookProblem> inFileOrder(List<RunbookProblem> problems) {
        return problems.stream()
                .sorted(Comparator.comparing(RunbookProblem::file)
                        .thenComparingInt(RunbookProblem::line)
                        .thenComparingInt(RunbookProblem::column))
                .toList();
    }

    /** @return the problems, in the order they appear in the file */
    public List<RunbookProblem> problems() {
        return problems;
    }
}
