package io.ferry.runbook;

import io.ferry.spi.ValueFreeMessage;

/**
 * A runbook's own refusal to go on, with the reason its author wrote: a hook's pre-check that does
 * not pass, a step that finds the world not as it expects. Its message is shown as it is, in the
 * error line, the journal and the report, where Ferry withholds the message of any other exception
 * from a runbook's code, as it may quote a value. Raise it with {@code fail 'why'} in a hook or a step.
 */
public final class RunbookFailure extends RuntimeException implements ValueFreeMessage {

    /** @param reason why the runbook stops: keys, counts, names and the fix, never a value */
    public RunbookFailure(String reason) {
        super(reason);
    }
}
