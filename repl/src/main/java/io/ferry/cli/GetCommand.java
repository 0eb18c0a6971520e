package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.cli.terminal.TerminalWriter;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.SecretProvider;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry get URI KEY}: one secret's metadata with its value masked. {@code --reveal} is the
 * one place in Ferry that prints a value: alone on standard output, so that it can be piped.
 */
@Command(name = "get", sortOptions = false,
        description = {
                "Shows one secret: version, dates, content type, tags, and its value masked, with its size",
                "and fingerprint.",
                "The fingerprint is keyed with this machine's journal key: equal values have equal fingerprints."})
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "The store, for example local:secrets.db.")
    private String uri;

    @Parameters(index = "1", paramLabel = "KEY", description = "The secret's key.")
    private String key;

    @Option(names = "--reveal",
            description = "Print the value itself, and nothing else, to standard output (binary values as base64).")
    private boolean reveal;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (SecretProvider store = Stores.openExisting(main.host(), uri)) {
            SecretRecord rec = store.read(key).orElseThrow(() -> new FerryException(ExitCode.ISSUES,
                    "no secret '" + key + "' in " + uri + "; list the keys with: ferry ls " + uri));
            if (reveal) {
                reveal(rec.value(), out);
            } else {
                describe(rec, out);
            }
            out.flush();
            return 0;
        }
    }

    /**
     * The value exactly, unescaped: it is asked for on purpose, to be piped or pasted, and only here.
     * A line break follows it only on a terminal, where the prompt must start on a line of its own;
     * into a pipe or a file ({@code ferry get --reveal KEY > file}) go the value's characters alone.
     */
    private void reveal(SecretValue value, PrintWriter terminal) {
        PrintWriter out = TerminalWriter.unescaped(terminal);
        String end = main.host().terminal().interactive() ? System.lineSeparator() : "";
        if (value.isUtf8()) {
            out.print(value.text() + end);
            out.flush();
            return;
        }
        out.print(Base64.getEncoder().encodeToString(value.bytes()) + end);
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("ferry: '" + key + "' holds binary data; printed as base64");
        err.flush();
    }

    private void describe(SecretRecord rec, PrintWriter out) {
        SecretValue value = rec.value();
        out.println("key:          " + rec.key());
        out.println("version:      " + (rec.version() == null ? "-" : rec.version()));
        out.println("content type: " + (rec.contentType() == null ? "-" : rec.contentType()));
        out.println("created:      " + RunSummary.time(rec.createdAt()));
        out.println("updated:      " + RunSummary.time(rec.updatedAt()));
        out.println("expires:      " + RunSummary.time(rec.expiresAt()));
        out.println("tags:         " + LsCommand.tags(rec.tags()));
        out.println("attributes:   " + LsCommand.tags(rec.attributes()));
        out.println("value:        ******** (" + value.size() + " bytes, " + (value.isUtf8() ? "text" : "binary")
                + ", fingerprint " + value.fingerprint(Fingerprints.forMachine(main.host().providerContext())) + ")");
    }
}
