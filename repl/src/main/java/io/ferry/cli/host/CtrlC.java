package io.ferry.cli.host;

import io.ferry.api.ExitCode;
import io.ferry.run.Cancellation;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Ctrl-C during a run: the first press asks the engine to stop at its next safe point (between
 * batches, with everything written so far journaled), so that the run can be resumed; a second
 * press quits at once, which is safe too because the journal is consistent at every commit.
 *
 * <p>The handler is a {@code sun.misc.Signal} handler, which replaces the JVM's own for the
 * duration of the command and is put back afterwards. Where that API is missing, a shutdown hook
 * asks the engine to stop and waits a while for it, since the JVM is going down regardless.
 */
final class CtrlC implements Interrupts.Watch {

    private static final long HOOK_GRACE_SECONDS = 30;

    private final Cancellation cancellation;
    private final PrintWriter err;
    private final IntConsumer halt;
    private final AtomicInteger presses = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private Runnable uninstall = () -> { };

    CtrlC(Cancellation cancellation, PrintWriter err, IntConsumer halt) {
        this.cancellation = cancellation;
        this.err = err;
        this.halt = halt;
    }

    /**
     * @param cancellation the token the engine checks between batches
     * @param err where to say what is happening
     * @return the installed handler; close it when the work is over
     */
    static CtrlC install(Cancellation cancellation, PrintWriter err) {
        CtrlC handler = new CtrlC(cancellation, err, code -> Runtime.getRuntime().halt(code));
        try {
            handler.uninstall = SignalHandler.install(handler::pressed);
        } catch (LinkageError | IllegalArgumentException unavailable) {
            handler.uninstall = handler.installHook();
        }
        return handler;
    }

    /** One press of Ctrl-C. */
    void pressed() {
        if (presses.incrementAndGet() == 1) {
            cancellation.cancel();
            err.println();
            err.println("ferry: stopping after the current batch; press Ctrl-C again to quit at once");
            err.flush();
        } else {
            err.println();
            err.println("ferry: quitting now; the journal is consistent, so the run can still be resumed");
            err.flush();
            halt.accept(ExitCode.INTERRUPTED.code());
        }
    }

    private Runnable installHook() {
        Thread hook = new Thread(() -> {
            pressed();
            try {
                done.await(HOOK_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ferry-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running and waits for the latch below, released by close().
            }
        };
    }

    @Override
    public void close() {
        uninstall.run();
        done.countDown();
    }

    /** Keeps the unsupported API in one class, so that its absence (NoClassDefFoundError) costs only the fallback. */
    private static final class SignalHandler {

        /** @throws IllegalArgumentException when the JVM keeps the signal for itself (-Xrs) */
        private static Runnable install(Runnable onPress) {
            sun.misc.Signal interrupt = new sun.misc.Signal("INT");
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(interrupt, signal -> onPress.run());
            return () -> sun.misc.Signal.handle(interrupt, previous);
        }
    }
}
