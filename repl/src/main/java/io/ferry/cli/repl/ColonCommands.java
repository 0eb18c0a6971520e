package io.ferry.cli.repl;

import io.ferry.runbook.Runbook;
import io.ferry.spi.ProviderRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
            new Own("help", "[COMMAND]", "this help, or one command's"),
            new Own("connect", "NAME URI", "open a store that exists into the variable NAME"),
            new Own("ls", "[NAME [PREFIX] [--all]]", "the connected stores; or the secrets of one, as ferry ls (a URI works too)"),
            new Own("get", "NAME KEY [--reveal]", "a record as ferry get shows it, the value masked unless --reveal"),
            new Own("load", "FILE", "read a runbook into rb"),
            new Own("plan", "[OPTIONS]", "plan rb (or :plan FILE)"),
            new Own("run", "[OPTIONS]", "run rb, for example :run --yes (or :run FILE)"),
            new Own("flagged", "[RUN]", "the records a run (the newest by default) flagged or failed to write"),
            new Own("vars", "", "the shell's variables and their types; never a value"),
            new Own("history", "", "the lines typed, as the history file keeps them (lines with a value are not kept)"),
            new Own("pwd", "", "the working directory that files and local: stores are relative to"),
            new Own("cd", "DIR", "move to another working directory: files, local: stores and the state store are found from there"),
            new Own("java", "", "switch to Java (JShell) with the engine on the class path"),
            new Own("groovy", "", "back to Groovy"),
            new Own("quit", "", "leave (also :exit, Ctrl-D)"));

    private final ReplSession session;
    private final Supplier<List<String>> history;

    ColonCommands(ReplSession session) {
        this(session, List::of);
    }

    /**
     * @param session the shell's variables, stores and commands
     * @param history the lines typed so far, as the history keeps them
     */
    ColonCommands(ReplSession session, Supplier<List<String>> history) {
        this.session = session;
        this.history = history;
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
        // A connected store's name stands for its URI in every command that takes a store.
        List<String> args = words.subList(1, words.size()).stream().map(session::storeUri).toList();
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
            case "help" -> help(out, args);
            case "connect" -> connect(words.subList(1, words.size()));
            case "ls" -> ls(words.subList(1, words.size()));
            case "get" -> get(words.subList(1, words.size()));
            case "load" -> load(args);
            case "plan", "run" -> runbook(name, args);
            case "flagged" -> {
                if (args.size() > 1) {
                    throw new IllegalArgumentException("usage: :flagged [RUN]");
                }
                session.flagged(args.isEmpty() ? null : args.get(0)).show();
            }
            case "vars" -> vars();
            case "history" -> history.get().forEach(out::println);
            case "pwd" -> out.println(session.host().workingDirectory());
            case "cd" -> {
                expect(words.subList(1, words.size()), 1, ":cd DIR, for example :cd ../other-project");
                out.println(session.cd(words.get(1)));
            }
            case "show" -> session.command(args.isEmpty() || args.get(0).startsWith("-")
                    ? prepend("show", prepend(session.lastRun(), args)) : prepend("show", args));
            default -> {
                List<String> known = names();
                if (known.contains(name)) {
                    session.command(prepend(name, args));
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
        List<String> words = args.stream().filter(a -> !a.equals("--all")).toList();
        if (words.size() > 2) {
            throw new IllegalArgumentException("usage: :ls NAME [PREFIX] [--all]");
        }
        Listing<?> rows = store.ls(words.size() > 1 ? words.get(1) : "");
        if (words.size() < args.size()) {
            rows.printAll();
        } else {
            rows.show();
        }
        if (rows.isEmpty()) {
            session.out().println("no secrets" + (words.size() > 1 ? " under '" + words.get(1) + "'" : "") + " in "
                    + store.getUri());
        }
    }

    /** :get NAME KEY shows what ferry get shows; --reveal prints the value through the shell, which keeps the line out of the history. */
    private void get(List<String> args) {
        StoreHandle store = args.isEmpty() ? null : session.connected().get(args.get(0));
        if (store == null || !args.contains("--reveal")) {
            session.command(prepend("get", args.stream().map(session::storeUri).toList()));
            return;
        }
        List<String> words = args.stream().filter(a -> !a.equals("--reveal")).toList();
        expect(words, 2, ":get NAME KEY [--reveal]");
        session.reveal(store.get(words.get(1)));
    }

    /** The variables and what they hold, by type: a value's text is never printed here. */
    private void vars() {
        Table table = new Table("NAME", "TYPE", "WHAT");
        session.binding().getVariables().forEach((name, value) -> {
            if (name.equals("out")) {
                return;
            }
            String what = value instanceof StoreHandle store ? store.getUri()
                    : value instanceof Runbook rb ? rb.name()
                    : value instanceof java.util.Collection<?> c ? c.size() + " elements" : null;
            table.row(name, value == null ? null : value.getClass().getSimpleName(), what);
        });
        if (table.isEmpty()) {
            session.out().println("no variables yet; assign one without 'def': x = ...");
        } else {
            session.output().table(table);
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

    private void help(PrintWriter out, List<String> args) {
        if (!args.isEmpty()) {
            String wanted = args.get(0).startsWith(":") ? args.get(0).substring(1) : args.get(0);
            Own own = OWN.stream().filter(c -> c.name().equals(wanted)).findFirst().orElse(null);
            if (own != null) {
                out.println("usage: :" + own.name() + (own.arguments().isEmpty() ? "" : " " + own.arguments()));
                out.println(own.what());
            } else if (names().contains(wanted)) {
                session.command(List.of(wanted, "--help"));
            } else {
                String nearest = ProviderRegistry.nearest(wanted, names());
                out.println("error: unknown command ':" + wanted + "'"
                        + (nearest == null ? "" : " (did you mean ':" + nearest + "'?)") + "; see :help");
            }
            return;
        }
        out.println("Groovy, one line at a time; variables assigned without 'def' are kept between lines.");
        out.println("An open bracket, brace or parenthesis continues the input on the next line. Tab completes,");
        out.println("after a dot too (rec.value., s.ls().first().), without running the line.");
        out.println("  s = open('local:secrets.db')   open a store that exists; create(uri) makes a new one");
        out.println("  s.ls() / s.ls('app/')          rows of key, version, updated, tags, content type; a table when alone on a line");
        out.println("  s.ls().findAll { it.tags.env == 'prod' }   rows can be queried; values are never listed");
        out.println("  rec = s.get('app/db')          read a record; its value prints masked");
        out.println("  reveal(rec)                    print the value (the line is not kept in the history)");
        out.println("  s.put('app/db', 'new value')   write a value (the line is not kept in the history)");
        out.println("  diff(a, b)                     compare two stores or URIs");
        out.println("  rb = load('V1__copy.groovy')   read a runbook; then plan(rb), run(rb, '--yes')");
        out.println("  rb = runbook { source 'memory:a'; target 'memory:b' }   build one in the shell");
        out.println("  runs(), flagged(RUN), retry(RUN, 'key')   each returns what it shows; flagged() is the newest run's");
        out.println("Tables longer than the screen go through $PAGER, or show their first rows and how to see them all.");
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
