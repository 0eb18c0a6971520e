package io.ferry.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Stops a long-running server command ({@code ferry emulate}) on SIGINT and on SIGTERM, however the
 * process was started. A shell without job control (a script) starts a background job ({@code &})
 * with SIGINT ignored, and the JVM then refuses to handle it: {@code sun.misc.Signal} leaves an
 * ignored signal ignored. Since a server started so must still stop on SIGINT, an ignored signal is
 * first given back its default disposition through the C library's {@code signal}, and then handled.
 */
final class StopSignals {

    /** What the C library gives us. */
    private interface CLibrary extends Library {
        Pointer signal(int signal, Pointer handler);
    }

    private StopSignals() {
    }

    /**
     * Installs the handlers for the rest of the process's life.
     *
     * @param onInterrupt run on SIGINT
     * @param onTerminate run on SIGTERM
     * @return whether both handlers are installed; when not (a JVM run with -Xrs), the JVM's own
     *     shutdown on SIGTERM remains
     */
    static boolean install(Runnable onInterrupt, Runnable onTerminate) {
        try {
            return handle("INT", onInterrupt) & handle("TERM", onTerminate);
        } catch (LinkageError unavailable) {
            return false;
        }
    }

    private static boolean handle(String name, Runnable action) {
        sun.misc.Signal signal = new sun.misc.Signal(name);
        try {
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> action.run());
            if (previous != sun.misc.SignalHandler.SIG_IGN) {
                return true;
            }
            if (!restoreDefault(signal.getNumber())) {
                return false;
            }
            return sun.misc.Signal.handle(signal, s -> action.run()) != sun.misc.SignalHandler.SIG_IGN;
        } catch (IllegalArgumentException keptByTheJvm) {
            return false;
        }
    }

    /** Gives an ignored signal its default disposition again, so that the JVM will handle it. */
    private static boolean restoreDefault(int number) {
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            return Pointer.nativeValue(c.signal(number, Pointer.NULL)) != -1;
        } catch (LinkageError | RuntimeException noNativeAccess) {
            return false;
        }
    }
}
