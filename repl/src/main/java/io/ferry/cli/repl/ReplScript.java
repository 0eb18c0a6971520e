package io.ferry.cli.repl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import io.ferry.dsl.RunbookBlock;
import io.ferry.api.DiffReport;
import io.ferry.runbook.Runbook;
import io.ferry.state.JournalItem;
import io.ferry.state.RunRecord;
import java.util.ArrayList;
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
     * @param uri a store that exists, for example {@code local:secrets.db}; a missing one is refused, as in the CLI
     * @return the open store
     */
    public StoreHandle open(String uri) {
        return session.open(uri);
    }

    /**
     * @param uri a store, for example {@code memory:x}; a missing one is refused, as in the CLI
     * @return the open store
     */
    public StoreHandle provider(String uri) {
        return session.open(uri);
    }

    /**
     * @param uri a store, for example {@code local:new.db}, created when it does not exist yet
     * @return the open store
     */
    public StoreHandle create(String uri) {
        return session.create(uri);
    }

    /**
     * Prints a value, the one way the shell shows one; the line is not kept in the history.
     *
     * @param secret a record or a value, masked or not, or anything a line made of one
     */
    public void reveal(Object secret) {
        session.reveal(secret);
    }

    /**
     * Compares two stores by fingerprint, as {@code ferry diff} does.
     *
     * @param a the reference: a store or its URI
     * @param b the store compared with it
     * @return the differences (key, kind), which print as {@code ferry diff} prints them
     */
    public Listing<DiffReport.Entry> diff(Object a, Object b) {
        return session.diff(a, b);
    }

    /**
     * @param file a runbook file, relative to the working directory
     * @return the runbook, for {@code plan} and {@code run}
     */
    public Runbook load(String file) {
        return session.load(file);
    }

    /**
     * Builds a runbook in the shell, with the vocabulary of a runbook file.
     *
     * @param body what goes inside {@code runbook { ... }}: source, target, transforms, stages
     * @return the runbook, for {@code plan} and {@code run}
     */
    public Runbook runbook(@DelegatesTo(value = RunbookBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        return session.runbook(body);
    }

    /**
     * Plans a runbook and saves the plan as a run, as {@code ferry plan} does.
     *
     * @param runbook a runbook from {@code load} or {@code runbook { }}, or its file
     * @param options options of {@code ferry plan}, such as {@code '--all'}
     * @return the planned run and the exit code
     */
    public RunOutcome plan(Object runbook, String... options) {
        return session.runbookCommand("plan", runbook, List.of(options));
    }

    /**
     * Plans, confirms, executes and validates a runbook, as {@code ferry run} does; Ctrl-C stops it
     * at the next batch, resumable.
     *
     * @param runbook a runbook from {@code load} or {@code runbook { }}, or its file
     * @param options options of {@code ferry run}, such as {@code '--yes'}
     * @return the run and the exit code
     */
    public RunOutcome run(Object runbook, String... options) {
        return session.runbookCommand("run", runbook, List.of(options));
    }

    /** @return the runs in the state store, newest first, which print as {@code ferry runs} prints them */
    public Listing<RunRecord> runs() {
        return session.runs();
    }

    /**
     * A run's flagged and failed records: keys, statuses and reasons, never values.
     *
     * @param run a run id or a unique prefix
     * @return them, which print as a table with what to do next
     */
    public Listing<JournalItem> flagged(String run) {
        return session.flagged(run);
    }

    /** @return the newest run's flagged and failed records, as {@link #flagged(String)} */
    public Listing<JournalItem> flagged() {
        return session.flagged(null);
    }

    /**
     * Plans and writes again records of a run, once they are fixed, as {@code ferry retry} does.
     *
     * @param run a run id or a unique prefix
     * @param keys the source keys to retry
     * @return the run and the exit code
     */
    public RunOutcome retry(String run, String... keys) {
        List<String> args = new ArrayList<>(List.of("retry", run));
        args.addAll(List.of(keys));
        return session.retry(run, args);
    }
}
