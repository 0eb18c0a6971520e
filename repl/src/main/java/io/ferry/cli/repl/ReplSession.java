package io.ferry.cli.repl;

import io.ferry.cli.Host;
import io.ferry.dsl.RunbookCompiler;
import io.ferry.dsl.RunbookException;
import io.ferry.runbook.Runbook;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderRegistry;
import io.ferry.transform.TransformRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What the helpers of one shell share: the stores it opened (closed when it exits), the records
 * it read (whose values are masked in everything it prints), and the CLI commands it delegates to.
 */
final class ReplSession implements AutoCloseable {

    private final Host host;
    private final Commands commands;
    private final PrintWriter terminal;
    private final PrintWriter out;
    private final List<StoreHandle> stores = new ArrayList<>();
    private final List<SecretRecord> seen = new ArrayList<>();

    /**
     * @param host the working directory, environment and prompts
     * @param commands the CLI commands
     * @param terminal the terminal itself, where only {@link #reveal} writes
     */
    ReplSession(Host host, Commands commands, PrintWriter terminal) {
        this.host = host;
        this.commands = commands;
        this.terminal = terminal;
        this.out = new PrintWriter(new ScrubbingWriter(terminal, this::seen), true);
    }

    /** @return where everything but a revealed value is printed */
    PrintWriter out() {
        return out;
    }

    /** @return the records read or written so far, whose values must not be printed */
    SecretRecord[] seen() {
        return seen.toArray(SecretRecord[]::new);
    }

    /**
     * The scrubbing of printed text leaves values too short to mask usefully inside longer text;
     * a line whose whole result is a value is caught here, whatever its length.
     *
     * @param result what a line evaluated to
     * @return whether it is the text of a value read or written in this session
     */
    boolean isValue(Object result) {
        if (!(result instanceof CharSequence text)) {
            return false;
        }
        String candidate = text.toString();
        return seen.stream().anyMatch(rec -> rec.value().isUtf8() && rec.value().text().equals(candidate));
    }

    StoreHandle open(String uri) {
        try {
            StoreHandle store = new StoreHandle(uri, ProviderRegistry.load().open(uri, host.providerContext()), out, seen::add);
            stores.add(store);
            return store;
        } catch (ProviderException | IllegalStateException e) {
            throw new IllegalArgumentException("cannot open " + uri + ": " + e.getMessage(), e);
        }
    }

    void reveal(Object secret) {
        SecretValue value = secret instanceof SecretRecord rec ? rec.value() : secret instanceof SecretValue v ? v : null;
        if (value == null) {
            throw new IllegalArgumentException("reveal takes a record from get(key) or its value, not "
                    + (secret == null ? "null" : secret.getClass().getSimpleName()));
        }
        terminal.println(value.isUtf8() ? value.text() : Base64.getEncoder().encodeToString(value.bytes()));
        if (!value.isUtf8()) {
            out.println("(binary value, printed as base64)");
        }
        terminal.flush();
    }

    void diff(Object a, Object b) {
        command(List.of("diff", uriOf(a), uriOf(b)));
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
            throw new IllegalArgumentException(String.join("; ", e.problems().stream().map(Object::toString).toList()), e);
        }
    }

    void runbookCommand(String command, Object runbook) {
        Path file;
        if (runbook instanceof Runbook rb && rb.origin() != null) {
            file = rb.origin();
        } else if (runbook instanceof CharSequence path) {
            file = host.resolve(Path.of(path.toString()));
        } else {
            throw new IllegalArgumentException(command + " takes a runbook file or load('FILE'), not "
                    + (runbook == null ? "null" : runbook.getClass().getSimpleName()));
        }
        command(List.of(command, file.toString()));
    }

    /**
     * Runs a CLI command; its own error line says what went wrong.
     *
     * @param args the command and its arguments
     * @return its exit code
     */
    int command(List<String> args) {
        return commands.execute(out, out, args.toArray(String[]::new));
    }

    @Override
    public void close() {
        for (StoreHandle store : stores) {
            try {
                store.close();
            } catch (RuntimeException e) {
                out.println("warning: could not close " + store.getUri() + ": " + e.getClass().getSimpleName());
            }
        }
        stores.clear();
        out.flush();
    }
}
