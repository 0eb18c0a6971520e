package io.ferry.cli.repl;

import io.ferry.runbook.Runbook;
import io.ferry.spi.ProviderRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shell's {@code :commands}: its own ({@code :connect}, {@code :ls}, {@code :get},
 * {@code :load}, {@code :plan}, {@code :run}, {@code :flagged}, {@code :java}, ...) and every
 * command of the CLI ({@code :show RUN}, {@code :retry RUN KEY}, {@code :rollback RUN}, ...),
 * which runs exactly as it does from the command line.
 */
final class ColonCommands {

    /** What the shell does after a command. */
    enum Next {
        /** Read the next line. */
        CONTINUE,
        /** Leave the shell. */
        QUIT,
        /** Evaluate lines as Java from now on. */
        JAVA,
        /** Evaluate lines as Groovy from now on. */
        GROOVY
    }

    /** One of the shell's own commands, as :help shows it. */
    private record Own(String name, String arguments, String what) {
    }

    private static final List<Own> OWN = List.of(
            new Own("help", "", "this help"),
            new Own("connect", "NAME URI", "open a store into the variable NAME"),
            new Own("ls", "[NAME [PREFIX]]", "the connected stores; or the keys of one (a URI works too)"),
            new Own("get", "NAME KEY [--reveal]", "a record, its value masked unless --reveal (a URI works too)"),
            new Own("load", "FILE", "read a runbook into rb"),
            new Own("plan", "[OPTIONS]", "plan rb (or :plan FILE)"),
            new Own("run", "[OPTIONS]", "run rb, for example :run --yes (or :run FILE)"),
            new Own("flagged", "RUN", "the records a run flagged or failed to write: keys and reasons"),
            new Own("java", "", "switch to Java (JShell) with the engine on the class path"),
            new Own("groovy", "", "back to Groovy"),
            new Own("quit", "", "leave (also :exit, Ctrl-D)"));

    private final ReplSession session;

    ColonCommands(ReplSession session) {
        this.session = session;
    }

    /** @return every command name: the shell's own, then the CLI's (but not the shell itself) */
    List<String> names() {
        List<String> names = new ArrayList<>(OWN.stream().map(Own::name).toList());
        names.add("exit");
        session.commands().names().stream().filter(n -> !n.equals("repl") && !names.contains(n)).forEach(names::add);
        return names;
    }

    /**
     * @param words the command and its arguments, without the colon
     * @return what the shell does next
     */
    Next execute(List<String> words) {
        PrintWriter out = session.out();
        if (words.isEmpty()) {
            out.println("error: a command is missing after ':'; see :help");
            return Next.CONTINUE;
        }
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        switch (name) {
            case "quit", "exit" -> {
                return Next.QUIT;
            }
            case "java" -> {
                return Next.JAVA;
            }
            case "groovy" -> {
                return Next.GROOVY;
            }
            case "help" -> help(out);
            case "connect" -> connect(args);
            case "ls" -> ls(args);
            case "get" -> get(args);
            case "load" -> load(args);
            case "plan", "run" -> runbook(name, args);
            case "flagged" -> {
                expect(args, 1, ":flagged RUN");
                session.flagged(args.get(0));
            }
            default -> {
                List<String> known = names();
                if (known.contains(name)) {
                    session.command(words);
                } else {
                    String nearest = ProviderRegistry.nearest(name, known);
                    out.println("error: unknown command ':" + name + "'"
                            + (nearest == null ? "" : " (did you mean ':" + nearest + "'?)") + "; see :help");
                }
            }
        }
        out.flush();
        return Next.CONTINUE;
    }

    private void connect(List<String> args) {
        expect(args, 2, ":connect NAME URI, for example :connect aws aws:us-east-1/payments/");
        StoreHandle store = session.connect(args.get(0), args.get(1));
        session.out().println(args.get(0) + " = " + store);
    }

    private void ls(List<String> args) {
        Map<String, StoreHandle> connected = session.connected();
        if (args.isEmpty()) {
            if (connected.isEmpty()) {
                session.out().println("no store connected; :connect NAME URI, or NAME = open(URI)");
                return;
            }
            Table table = new Table("NAME", "URI");
            connected.forEach((n, store) -> table.row(n, store.getUri()));
            session.output().table(table);
            return;
        }
        StoreHandle store = connected.get(args.get(0));
        if (store == null) {
            session.command(prepend("ls", args));
            return;
        }
        session.out().println(store.ls(args.size() > 1 ? args.get(1) : ""));
    }

    private void get(List<String> args) {
        StoreHandle store = args.isEmpty() ? null : session.connected().get(args.get(0));
        if (store == null) {
            session.command(prepend("get", args));
            return;
        }
        List<String> words = args.stream().filter(a -> !a.equals("--reveal")).toList();
        expect(words, 2, ":get NAME KEY [--reveal]");
        MaskedRecord rec = store.get(words.get(1));
        session.out().println(rec);
        if (words.size() < args.size()) {
            session.reveal(rec);
        }
    }

    private void load(List<String> args) {
        expect(args, 1, ":load FILE, for example :load runbooks/V1__copy.groovy");
        Runbook rb = session.load(args.get(0));
        session.binding().setVariable(ReplSession.RUNBOOK_VARIABLE, rb);
        session.out().println(ReplSession.RUNBOOK_VARIABLE + " = runbook " + rb.name() + ": " + rb.source().toUri()
                + " -> " + rb.target().toUri());
    }

    /** {@code :plan} and {@code :run} take the loaded runbook, unless a file comes first. */
    private void runbook(String command, List<String> args) {
        if (!args.isEmpty() && !args.get(0).startsWith("-")) {
            session.command(prepend(command, args));
            return;
        }
        Runbook rb = session.loaded();
        if (rb == null) {
            throw new IllegalArgumentException("no runbook in " + ReplSession.RUNBOOK_VARIABLE + "; :load FILE first, or :"
                    + command + " FILE");
        }
        session.runbookCommand(command, rb, args);
    }

    private void help(PrintWriter out) {
        out.println("Groovy, one line at a time; variables assigned without 'def' are kept between lines.");
        out.println("An open bracket, brace or parenthesis continues the input on the next line. Tab completes.");
        out.println("  s = open('local:secrets.db')   open a store (also provider(uri))");
        out.println("  s.ls() / s.ls('app/')          list keys; returns them");
        out.println("  rec = s.get('app/db')          read a record; its value prints masked");
        out.println("  reveal(rec)                    print the value (the line is not kept in the history)");
        out.println("  s.put('app/db', 'new value')   write a value (the line is not kept in the history)");
        out.println("  diff(a, b)                     compare two stores or URIs");
        out.println("  rb = load('V1__copy.groovy')   read a runbook; then plan(rb), run(rb, '--yes')");
        out.println("  rb = runbook { source 'memory:a'; target 'memory:b' }   build one in the shell");
        out.println("  runs(), flagged(RUN), retry(RUN, 'key')");
        out.println("Commands:");
        OWN.forEach(c -> out.printf("  %-28s %s%n", ":" + c.name() + (c.arguments().isEmpty() ? "" : " " + c.arguments()), c.what()));
        out.println("  and every ferry command as :COMMAND ARGS, for example :show RUN, :retry RUN KEY..., :rollback RUN:");
        out.println("  " + String.join(", ", session.commands().names().stream().filter(n -> !n.equals("repl")).toList()));
        out.println("Ctrl-C stops what is running (a run stops at its next batch, resumable) or clears the line;");
        out.println("Ctrl-D or :quit leaves.");
    }

    private static void expect(List<String> args, int count, String usage) {
        if (args.size() != count) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private static List<String> prepend(String command, List<String> args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(args);
        return all;
    }
}
