package io.ferry.cli.repl;

import groovy.lang.Script;
import io.ferry.runbook.Runbook;
import java.util.List;

/**
 * The base class of every line the REPL evaluates: the helpers a line can call, such as
 * {@code open('memory:x')}, {@code reveal(rec)} or {@code plan(load('V1__copy.groovy'))}.
 */
public abstract class ReplScript extends Script {

    private ReplSession session;

    void session(ReplSession session) {
        this.session = session;
    }

    /**
     * @param uri a store, for example {@code local:secrets.db}; created when it does not exist
     * @return the open store
     */
    public StoreHandle open(String uri) {
        return session.open(uri);
    }

    /**
     * @param uri a store, for example {@code memory:x}
     * @return the open store
     */
    public StoreHandle provider(String uri) {
        return session.open(uri);
    }

    /**
     * Prints a value, the one way the shell shows one; the line is not kept in the history.
     *
     * @param secret a record or a value
     */
    public void reveal(Object secret) {
        session.reveal(secret);
    }

    /**
     * Compares two stores by fingerprint, as {@code ferry diff} does.
     *
     * @param a the reference: a store or its URI
     * @param b the store compared with it
     */
    public void diff(Object a, Object b) {
        session.diff(a, b);
    }

    /**
     * @param file a runbook file, relative to the working directory
     * @return the runbook, for {@code plan} and {@code run}
     */
    public Runbook load(String file) {
        return session.load(file);
    }

    /**
     * Plans a runbook and saves the plan as a run, as {@code ferry plan} does.
     *
     * @param runbook a runbook from {@code load}, or its file
     */
    public void plan(Object runbook) {
        session.runbookCommand("plan", runbook);
    }

    /**
     * Plans, confirms, executes and validates a runbook, as {@code ferry run} does.
     *
     * @param runbook a runbook from {@code load}, or its file
     */
    public void run(Object runbook) {
        session.runbookCommand("run", runbook);
    }

    /** Prints the runs in the state store, newest first, as {@code ferry runs} does. */
    public void runs() {
        session.command(List.of("runs"));
    }
}
