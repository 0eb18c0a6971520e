package io.ferry.cli.repl;

import io.ferry.api.Ferry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Java lines reach of the shell after {@code :java}: {@code open(uri)}, {@code reveal(rec)}
 * and the engine, statically imported into the JShell session. JShell runs the lines in this
 * process, with this class loaded once, so the static is how a line finds the shell it was
 * typed in; one shell at a time runs Java.
 */
public final class Shell {

    private static final AtomicReference<ReplSession> CURRENT = new AtomicReference<>();

    private Shell() {
    }

    static void attach(ReplSession session) {
        CURRENT.set(session);
    }

    static void detach(ReplSession session) {
        CURRENT.compareAndSet(session, null);
    }

    private static ReplSession session() {
        ReplSession session = CURRENT.get();
        if (session == null) {
            throw new IllegalStateException("no ferry shell is running Java lines");
        }
        return session;
    }

    /**
     * @param uri a store, for example {@code memory:x}
     * @return the open store, with {@code ls}, {@code get} and {@code put}; the shell closes it
     */
    public static StoreHandle open(String uri) {
        return session().open(uri);
    }

    /**
     * Prints a value, the one way the shell shows one; the line is not kept in the history.
     *
     * @param secret a record or a value, masked or not, or anything a line made of one
     */
    public static void reveal(Object secret) {
        session().reveal(secret);
    }

    /** @return the engine over the shell's working directory and state store; close it when done */
    public static Ferry engine() {
        return session().commands().configure().load();
    }
}
