package io.ferry.cli.terminal;

import java.io.IOException;

/**
 * A filter in front of a {@link TerminalWriter} that may hold text back (the REPL's masking holds
 * what could still be the start of a value). The writer asks it to let that text out before it
 * writes a line end or a control sequence of its own, so that nothing it holds comes out after them.
 */
public interface HeldText {

    /**
     * Lets out everything held back, as it is now.
     *
     * @throws IOException when the writer behind cannot take it
     */
    void release() throws IOException;
}
