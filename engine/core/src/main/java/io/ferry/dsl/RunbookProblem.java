package io.ferry.dsl;

import java.util.Objects;

/**
 * One mistake in a runbook file, at the place a user has to change.
 *
 * @param file the file as the user named it
 * @param line the line, from 1; 0 when the problem concerns the whole file
 * @param column the column, from 1; 0 when the problem concerns the whole file
 * @param message one line saying what is wrong and how to fix it; never a secret value
 */
public record RunbookProblem(String file, int line, int column, String message) {

    /** Checks the fields. */
    public RunbookProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** @return {@code file:line:column: message}, or {@code file: message} for a whole-file problem */
    @Override
    public String toString() {
        return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
    }
}
