package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import org.jline.terminal.Terminal
import org.jline.terminal.impl.DumbTerminal

import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A shell running on its own thread behind a dumb terminal, typed into a line at a time, so that a
 * test can wait for what it printed and press Ctrl-C while a line runs.
 */
class LiveRepl implements AutoCloseable {

    static final long PATIENCE_MS = 300_000

    final PipedOutputStream keyboard = new PipedOutputStream()
    final ByteArrayOutputStream screen = new ByteArrayOutputStream()
    final Terminal terminal
    final Thread shell
    volatile Integer code

    LiveRepl(FerryCli cli, Path history, Path state) {
        terminal = new DumbTerminal('test', 'dumb', new PipedInputStream(keyboard, 1 << 16), screen, StandardCharsets.UTF_8)
        def host = cli.host()
        shell = Thread.start('repl-under-test') {
            code = new Repl(terminal, history, host, new MainCommands(host, ['--state', state.toString()])).run()
        }
    }

    /** Types a line and Enter. */
    void type(String line) {
        keyboard.write((line + '\n').getBytes(StandardCharsets.UTF_8))
        keyboard.flush()
    }

    String output() {
        screen.toString(StandardCharsets.UTF_8)
    }

    /** Waits until the screen shows the text, counted from the given occurrence on. */
    void waitFor(String text, int times = 1) {
        long deadline = System.currentTimeMillis() + PATIENCE_MS
        while (output().count(text) < times) {
            if (System.currentTimeMillis() > deadline || !shell.alive) {
                throw new AssertionError("the shell did not show '$text' ($times times); it showed:\n${output()}")
            }
            Thread.sleep(20)
        }
    }

    void waitUntil(Closure<Boolean> condition) {
        long deadline = System.currentTimeMillis() + PATIENCE_MS
        while (!condition()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the condition did not hold; the shell showed:\n${output()}")
            }
            Thread.sleep(20)
        }
    }

    void pressCtrlC() {
        terminal.raise(Terminal.Signal.INT)
    }

    /** Ends the input, as Ctrl-D does, and waits for the shell to leave. */
    int quit() {
        keyboard.close()
        shell.join(TimeUnit.MILLISECONDS.toMillis(PATIENCE_MS))
        assert !shell.alive : "the shell did not end; it showed:\n${output()}"
        code
    }

    @Override
    void close() {
        try {
            keyboard.close()
        } catch (IOException ignored) {
            // already closed by quit()
        }
        shell.join(PATIENCE_MS)
        terminal.close()
    }
}
