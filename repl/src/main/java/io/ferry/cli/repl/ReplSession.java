package io.ferry.cli.repl;

import groovy.lang.Binding;
import groovy.lang.Closure;
import io.ferry.api.DiffReport;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.cli.host.Host;
import io.ferry.cli.terminal.TerminalWriter;
import io.ferry.dsl.RunbookCompiler;
import io.ferry.dsl.RunbookException;
import io.ferry.runbook.Runbook;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.SecretProvider;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunRecord;
import io.ferry.transform.TransformRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.IntSupplier;
import javax.lang.model.SourceVersion;

/**
 * What the parts of one shell share: the Groovy variables, the stores it opened (closed when it
 * exits), the values it read or wrote (which its output filter masks), the runbook it
 * loaded, the engine for the runs in the state store, and the CLI commands it delegates to.
 */
final class ReplSession implements AutoCloseable {

    /** The variable {@code :load} binds the runbook to, and {@code :plan} and {@code :run} use. */
    static final String RUNBOOK_VARIABLE = "rb";

    /** The pager a table longer than the screen goes through; without one, such a table is capped. */
    static final String PAGER_VARIABLE = "PAGER";

    private static final int PAGE = 500;
    /** Flagged records listed at most: a person reads them one by one. */
    private static final int MAX_LISTED = 10_000;

    /** Replaced by {@code :cd}, as is {@link #commands}. */
    private Host host;
    private Commands commands;
    private final PrintWriter terminal;
    private final ReplOutput output;
    /** The Groovy variables; made on first use, since a Binding starts Groovy's runtime, which the first prompt does not wait for. */
    private Binding binding;
    /** What a script prints itself (println, System.out, System.err): it keeps its line breaks; results and tables show them escaped. */
    private final PrintWriter scriptOut;
    private final List<StoreHandle> stores = new ArrayList<>();
    private final SeenValues seen = new SeenValues();
    /** Every masking filter of the session's outputs: the results, a script's out, the standard streams. */
    private final List<ScrubbingWriter> filters = new ArrayList<>();
    private final ScrubbingWriter streams;
    private final TerminalWriter spoken;
    private Ferry engine;

    /**
     * @param host the working directory, environment and prompts
     * @param commands the CLI commands
     * @param terminal the terminal itself, where only {@link #reveal} writes
     * @param colour whether the terminal shows colours
     */
    ReplSession(Host host, Commands commands, PrintWriter terminal, boolean colour) {
        this(host, commands, terminal, colour, () -> 0);
    }

    /**
     * @param host the working directory, environment and prompts
     * @param commands the CLI commands
     * @param terminal the terminal itself, where only {@link #reveal} writes
     * @param colour whether the terminal shows colours
     * @param height the terminal's rows now, 0 when unknown: longer tables are paged or capped
     */
    ReplSession(Host host, Commands commands, PrintWriter terminal, boolean colour, IntSupplier height) {
        this.host = host;
        // A transform run from the shell may print the values it is given; the filter masks them.
        this.commands = commands.withValuesRead(seen::add);
        this.terminal = terminal;
        TerminalWriter out = new TerminalWriter(terminal, this::filtered);
        scriptOut = out.keepingLineFeeds();
        // What the CLI's commands print, their hints spoken as the shell's commands.
        spoken = new TerminalWriter(terminal, writer -> new ReplDialect(filtered(writer), this.commands.names()));
        streams = filtered(TerminalWriter.escaping(terminal, true));
        this.output = new ReplOutput(out, colour, commands::progress,
                new ReplOutput.Screen(height, host.environment().get(PAGER_VARIABLE), this::mask));
    }

    /** Puts the masking filter in front of a writer, and keeps it to be drained at the end of each line. */
    private ScrubbingWriter filtered(Writer writer) {
        ScrubbingWriter filter = new ScrubbingWriter(writer, seen);
        filters.add(filter);
        return filter;
    }

    /** @return where everything but a revealed value is printed */
    PrintWriter out() {
        return output.out();
    }

    ReplOutput output() {
        return output;
    }

    /**
     * @return the Groovy variables, made now if this is their first use (on the shell's worker, which
     *     warms the compiler up, or on a line's completion)
     */
    synchronized Binding binding() {
        if (binding == null) {
            binding = new Binding();
            binding.setVariable("out", scriptOut);
        }
        return binding;
    }

    Host host() {
        return host;
    }

    Commands commands() {
        return commands;
    }

    /**
     * Moves the shell to another directory, as {@code cd} does: files, {@code local:} stores and
     * the state store (unless {@code --state} names an absolute one) are found from there on, as if
     * {@code ferry} had been started in it. The stores already open stay as they are.
     *
     * @param directory where to go, relative to the working directory or absolute
     * @return the new working directory
     */
    Path cd(String directory) {
        Path target = host.resolve(Path.of(directory));
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("no directory " + target + "; :pwd shows where the shell is, Tab after :cd "
                    + "offers the directories there");
        }
        host = new Host(target, host.environment(), host.stdin(), host.terminal());
        commands = commands.in(target);
        if (engine != null) {
            engine.close();
            engine = null;
        }
        return host.workingDirectory();
    }

    /** @return the masked, escaped stream that System.out and System.err (and JShell's output) go to while the shell runs */
    ScrubbingWriter filter() {
        return streams;
    }

    /** Lets out what the filters held back, at the end of a line: it could have been a value's start. */
    void endOfLine() {
        output.lineEnded();
        try {
            for (ScrubbingWriter filter : filters) {
                filter.drain();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The filter leaves values too short to mask usefully inside longer text; a line whose whole
     * result is a value is caught here, whatever its length.
     *
     * @param result what a line evaluated to
     * @return whether it is the text of a value read or written in this session
     */
    boolean isValue(Object result) {
        return result instanceof CharSequence text && seen.isValue(text.toString());
    }

    /**
     * @param text a message that may quote a value, such as an exception's
     * @return it with the values this shell has seen masked
     */
    String mask(String text) {
        if (text == null) {
            return null;
        }
        StringWriter masked = new StringWriter();
        try (ScrubbingWriter writer = new ScrubbingWriter(masked, seen)) {
            writer.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return masked.toString();
    }

    /**
     * Opens a store that exists, as the CLI's commands do: a mistyped file name is an error, not a
     * new empty store.
     *
     * @param uri the store
     * @return it, open
     */
    StoreHandle open(String uri) {
        return open(uri, host.providerContext().existingOnly());
    }

    /**
     * @param uri a store, created when it does not exist yet
     * @return it, open
     */
    StoreHandle create(String uri) {
        return open(uri, host.providerContext());
    }

    private StoreHandle open(String uri, ProviderContext context) {
        try {
            StoreHandle store = new StoreHandle(uri, ProviderRegistry.load().open(uri, context), output,
                    rec -> seen.add(rec.value()), this::nameOf);
            stores.add(store);
            return store;
        } catch (ProviderException | IllegalStateException e) {
            throw new IllegalArgumentException("cannot open " + uri + ": " + e.getMessage()
                    + (context.createMissing() ? "" : "; to make a new store: create('" + uri + "')"), e);
        }
    }

    /** @return the variable that holds the store, or null */
    private String nameOf(StoreHandle store) {
        return connected().entrySet().stream().filter(e -> e.getValue() == store).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    /**
     * @param word a word of a {@code :command}
     * @return the URI of the store connected under that name, or the word as it is
     */
    String storeUri(String word) {
        StoreHandle store = connected().get(word);
        return store == null ? word : store.getUri();
    }

    /**
     * Opens a store and keeps it in a variable, as {@code NAME = open(URI)} does.
     *
     * @param name the variable
     * @param uri the store
     * @return the store
     */
    StoreHandle connect(String name, String uri) {
        if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot name a variable; use letters, digits and _, "
                    + "for example :connect aws " + uri);
        }
        StoreHandle store = open(uri);
        binding().setVariable(name, store);
        return store;
    }

    /** @return the variables that hold an open store, by name */
    Map<String, StoreHandle> connected() {
        Map<String, StoreHandle> connected = new LinkedHashMap<>();
        binding().getVariables().forEach((name, value) -> {
            if (value instanceof StoreHandle store) {
                connected.put(String.valueOf(name), store);
            }
        });
        return connected;
    }

    /** @param secret a record or a value, masked or not, or what a line made of one */
    void reveal(Object secret) {
        Object plain = Masked.unmask(secret);
        SecretValue value = plain instanceof SecretRecord rec ? rec.value() : plain instanceof SecretValue v ? v
                : plain instanceof byte[] bytes ? SecretValue.ofBytes(bytes)
                : plain instanceof CharSequence text ? SecretValue.ofText(text) : null;
        endOfLine();
        if (value == null && secret instanceof Masked) {
            terminal.println(plain);
            terminal.flush();
            return;
        }
        if (value == null) {
            throw new IllegalArgumentException("reveal takes a record from get(key), its value or what was made of it, not "
                    + (secret == null ? "null" : secret.getClass().getSimpleName()));
        }
        terminal.println(value.isUtf8() ? value.text() : Base64.getEncoder().encodeToString(value.bytes()));
        if (!value.isUtf8()) {
            out().println("(binary value, printed as base64)");
        }
        terminal.flush();
    }

    /**
     * Compares two stores by fingerprint, as {@code ferry diff} does.
     *
     * @return the differences, which print as {@code ferry diff} prints them
     */
    Listing<DiffReport.Entry> diff(Object a, Object b) {
        String left = uriOf(a);
        String right = uriOf(b);
        Listing<DiffReport.Entry> entries = new Listing<>("difference", "differences",
                (listed, all) -> command(all ? List.of("diff", left, right, "--all") : List.of("diff", left, right)));
        try (Ferry ferry = commands.configure().load();
             SecretProvider x = ferry.openExisting(left);
             SecretProvider y = ferry.openExisting(right)) {
            DiffReport report = ferry.diff(x, y, entry -> {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("the comparison stopped after " + entries.size() + " differences");
                }
                entries.add(entry);
            });
            if (!report.complete()) {
                throw new CancellationException("the comparison is incomplete");
            }
        }
        return entries;
    }

    private static String uriOf(Object store) {
        if (store instanceof StoreHandle handle) {
            return handle.getUri();
        }
        if (store instanceof CharSequence uri) {
            return uri.toString();
        }
        throw new IllegalArgumentException("diff takes two stores, from open(uri), or their URIs");
    }

    Runbook load(String file) {
        try {
            return new RunbookCompiler(TransformRegistry.load()).compile(host.resolve(Path.of(file)));
        } catch (RunbookException e) {
            throw new IllegalArgumentException(problems(e), e);
        }
    }

    /**
     * @param body the inside of a {@code runbook { ... }} block, typed in the shell
     * @return the runbook, which has no file; its transform scripts come from the working directory
     */
    Runbook runbook(Closure<?> body) {
        try {
            return new RunbookCompiler(TransformRegistry.load()).build("shell", body, host.workingDirectory());
        } catch (RunbookException e) {
            throw new IllegalArgumentException(problems(e), e);
        }
    }

    private static String problems(RunbookException e) {
        return String.join("; ", e.problems().stream().map(Object::toString).toList());
    }

    /** @return the runbook {@code :load} (or {@code rb = ...}) left in {@value #RUNBOOK_VARIABLE}, or null */
    Runbook loaded() {
        return binding().hasVariable(RUNBOOK_VARIABLE) && binding().getVariable(RUNBOOK_VARIABLE) instanceof Runbook rb ? rb : null;
    }

    /**
     * Plans or runs a runbook as {@code ferry plan} and {@code ferry run} do.
     *
     * @param command {@code plan} or {@code run}
     * @param runbook a runbook from {@code load} or {@code runbook { }}, or a file's path
     * @param options the command's options, for example {@code --yes}
     * @return the run it made, and its exit code
     */
    RunOutcome runbookCommand(String command, Object runbook, List<String> options) {
        List<String> before = runIds();
        int code = runbookCode(command, runbook, options);
        List<String> after = runIds();
        Ferry ferry = engine();
        String made = after.stream().filter(id -> !before.contains(id)).findFirst().orElse(null);
        return new RunOutcome(made == null ? null : ferry.run(made), code);
    }

    private int runbookCode(String command, Object runbook, List<String> options) {
        Path file;
        if (runbook instanceof Runbook rb && rb.origin() == null) {
            return commands.runbook(spoken, command, rb, options);
        } else if (runbook instanceof Runbook rb) {
            file = rb.origin();
        } else if (runbook instanceof CharSequence path) {
            file = host.resolve(Path.of(path.toString()));
        } else {
            throw new IllegalArgumentException(command + " takes a runbook, from load('FILE') or runbook { ... }, or a file, not "
                    + (runbook == null ? "null" : runbook.getClass().getSimpleName()));
        }
        List<String> args = new ArrayList<>(List.of(command, file.toString()));
        args.addAll(options);
        return command(args);
    }

    /**
     * The records of a run that need a person: flagged for review, or failed to write. Keys,
     * statuses and reasons only; never a value.
     *
     * @param runId a run id or a unique prefix; null for the newest run
     * @return them, which print as a table with what to do next
     */
    Listing<JournalItem> flagged(String runId) {
        Ferry ferry = engine();
        if (ferry == null) {
            throw new IllegalArgumentException("no state store yet, so no run" + (runId == null ? "" : " " + runId)
                    + "; runs are journaled by :run");
        }
        RunRecord run = ferry.run(runId == null ? lastRun() : runId);
        Listing<JournalItem> items = new Listing<>("record needs a look", "records need a look",
                (listed, all) -> showFlagged(run, listed, all));
        items.addAll(needingALook(ferry, run.id()));
        return items;
    }

    private void showFlagged(RunRecord run, List<JournalItem> items, boolean all) {
        PrintWriter out = out();
        if (items.isEmpty()) {
            out.println("run " + run.id() + " (" + run.status() + ") has no flagged or failed records");
            out.flush();
            return;
        }
        Table table = new Table("SOURCE KEY", "TARGET KEY", "ACTION", "STATUS", "WHY").statusColumn(2).statusColumn(3);
        for (JournalItem item : items) {
            List<String> why = new ArrayList<>(item.flags());
            if (item.error() != null) {
                why.add(item.error());
            }
            table.row(item.sourceKey(), item.targetKey(), item.action(), item.status(), String.join("; ", why));
        }
        output.page(table, all ? null : "flagged('" + run.id() + "').printAll()");
        // A retry plans again only what was not written; a flagged record that was written is reviewed, not retried.
        Set<String> written = new HashSet<>();
        items.stream().filter(i -> i.status() != ItemStatus.NOOP && i.status() != ItemStatus.FAILED)
                .forEach(i -> written.add(i.sourceKey()));
        List<String> retriable = items.stream().map(JournalItem::sourceKey).distinct().filter(k -> !written.contains(k)).toList();
        out.print(items.size() + (items.size() == 1 ? " record needs" : " records need") + " a look");
        if (retriable.isEmpty()) {
            out.println("; they were written: review them in the target, or undo the run with :rollback " + run.id());
        } else {
            out.println("; once fixed: :retry " + run.id() + " " + String.join(" ", retriable.stream().limit(3).toList())
                    + (retriable.size() > 3 ? " ..." : ""));
        }
        out.flush();
    }

    /**
     * Runs {@code ferry retry} on a run's records.
     *
     * @param runId the run
     * @param args the command line
     * @return the run as it is after the retry, and the exit code
     */
    RunOutcome retry(String runId, List<String> args) {
        int code = command(args);
        Ferry ferry = engine();
        RunRecord run;
        try {
            run = ferry == null ? null : ferry.run(runId);
        } catch (FerryException unknown) {
            run = null;
        }
        return new RunOutcome(run, code);
    }

    /**
     * @return the newest run's id
     * @throws IllegalArgumentException when there is none
     */
    String lastRun() {
        List<String> ids = runIds();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no run yet; runs are journaled by :run");
        }
        return ids.get(0);
    }

    /** @return the runs in the state store, newest first, which print as {@code ferry runs} prints them */
    Listing<RunRecord> runs() {
        Listing<RunRecord> runs = new Listing<>("run", "runs", (listed, all) -> command(List.of("runs")));
        Ferry ferry = engine();
        if (ferry != null) {
            runs.addAll(ferry.runs());
        }
        return runs;
    }

    /**
     * @param runId a run id or a unique prefix
     * @return the source keys of its flagged and failed records, for Tab after {@code :retry RUN}
     */
    List<String> flaggedKeys(String runId) {
        Ferry ferry = engine();
        if (ferry == null) {
            return List.of();
        }
        try {
            return needingALook(ferry, ferry.run(runId).id()).stream().map(JournalItem::sourceKey).distinct().toList();
        } catch (FerryException unknownRun) {
            return List.of();
        }
    }

    /** The flagged and failed items of a run, in plan order, up to {@link #MAX_LISTED} of them. */
    private static List<JournalItem> needingALook(Ferry ferry, String runId) {
        List<JournalItem> found = new ArrayList<>();
        long after = 0;
        while (found.size() < MAX_LISTED) {
            List<JournalItem> page = ferry.items(runId, null, after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            page.stream().filter(i -> i.flagged() || i.status() == ItemStatus.FAILED).limit(MAX_LISTED - found.size()).forEach(found::add);
            after = page.get(page.size() - 1).seq();
        }
        return found;
    }

    /** @return the ids of the runs in the state store, newest first; none when there is no state store yet */
    List<String> runIds() {
        Ferry ferry = engine();
        return ferry == null ? List.of() : ferry.runs().stream().map(RunRecord::id).toList();
    }

    /** @return the engine over the shell's state store, or null when that store does not exist yet */
    private Ferry engine() {
        if (engine == null && !commands.stateLocation().isMissingFile()) {
            engine = commands.configure().load();
        }
        return engine;
    }

    /**
     * Runs a CLI command; its own error line says what went wrong.
     *
     * @param args the command and its arguments
     * @return its exit code
     */
    int command(List<String> args) {
        return commands.execute(spoken, spoken, args.toArray(String[]::new));
    }

    /**
     * @param text a message from the engine or a CLI command
     * @return it, with the CLI's hints spoken as the shell's commands ({@code :resume RUN})
     */
    String spoken(String text) {
        return ReplDialect.spoken(text, commands.names());
    }

    @Override
    public void close() {
        for (StoreHandle store : stores) {
            try {
                store.close();
            } catch (RuntimeException e) {
                out().println("warning: could not close " + store.getUri() + ": " + e.getClass().getSimpleName());
            }
        }
        stores.clear();
        if (engine != null) {
            engine.close();
        }
        out().flush();
    }
}
