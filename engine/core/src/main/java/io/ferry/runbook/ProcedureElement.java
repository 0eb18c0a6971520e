package io.ferry.runbook;

/** One element of a procedure: a {@link Step}, or a {@link ForEach} that gives steps for each item. */
public sealed interface ProcedureElement permits Step, ForEach {

    /** @return its name, as shown in a dry run and the journal */
    String name();
}
