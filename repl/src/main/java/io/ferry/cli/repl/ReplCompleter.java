package io.ferry.cli.repl;

import io.ferry.dsl.TransformCatalog;
import io.ferry.spi.ProviderRegistry;
import io.ferry.transform.TransformRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What Tab offers. On a {@code :command} line: the commands, their options, and for their
 * arguments the connected stores, provider schemes, file paths after {@code local:}, keys, run
 * ids (newest first), runbook files, directories or transform names that fit. In Groovy: variables
 * and the shell's functions; after a dot, the methods and properties of what the expression before
 * it gives ({@link ExpressionType}); inside the quotes of {@code store.get('}, the store's keys; of
 * {@code open('}, the schemes and paths; of {@code load('}, the runbook files; of
 * {@code transform '}, the transforms.
 *
 * <p>The line is split into words on white space (see {@link GroovyLineParser}); a candidate is
 * the whole word with the completion in place of what was typed of it, shown as the completion
 * alone.
 */
final class ReplCompleter implements Completer {

    /** Runbook files offered: those this deep under the working directory, no more than this many. */
    private static final int FILE_DEPTH = 4;
    private static final int MAX_FILES = 200;

    private static final List<String> FUNCTIONS = List.of("open(", "provider(", "reveal(", "diff(", "load(", "runbook {",
            "plan(", "run(", "runs()", "flagged(", "retry(");
    private static final Pattern STRING_AFTER_MEMBER = Pattern.compile("(\\w+)\\s*\\.\\s*(get|ls|put)\\s*\\(\\s*$");
    private static final Pattern STRING_AFTER_URI_FUNCTION = Pattern.compile("\\b(open|provider|source|target)\\s*\\(?\\s*$");
    private static final Pattern STRING_AFTER_LOAD = Pattern.compile("\\bload\\s*\\(\\s*$");
    private static final Pattern STRING_AFTER_TRANSFORM = Pattern.compile("\\btransform\\s*\\(?\\s*$");
    private static final Pattern STRING_AFTER_RUN_FUNCTION = Pattern.compile("\\b(flagged|retry)\\s*\\(\\s*$");
    /** A store kept in a file, whose path Tab completes. */
    private static final Pattern FILE_URI = Pattern.compile("(local|file):(.*)");

    private final ReplSession session;
    private final ColonCommands colon;
    private List<String> schemes;
    private Map<String, String> transforms;
    /** The working directory the transforms were looked up in: {@code :cd} changes it. */
    private Path transformsDirectory;
    private volatile JavaShell java;

    ReplCompleter(ReplSession session, ColonCommands colon) {
        this.session = session;
        this.colon = colon;
    }

    /** The provider schemes, looked up on the first Tab rather than before the first prompt. */
    private List<String> schemes() {
        if (schemes == null) {
            schemes = ProviderRegistry.load().schemes();
        }
        return schemes;
    }

    /** The transforms by name, with a line on each; looked up on the first Tab that needs them. */
    private Map<String, String> transforms() {
        Path directory = session.host().workingDirectory();
        if (transforms == null || !directory.equals(transformsDirectory)) {
            transforms = TransformCatalog.of(TransformRegistry.load(), directory).descriptions();
            transformsDirectory = directory;
        }
        return transforms;
    }

    /** @param java the Java session whose completion Java lines get, or null for Groovy */
    void javaMode(JavaShell java) {
        this.java = java;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidates.addAll(candidates(line.line().substring(0, line.cursor())));
    }

    /**
     * @param before the input up to the cursor
     * @return what Tab offers there
     */
    List<Candidate> candidates(String before) {
        int wordStart = wordStart(before);
        String word = before.substring(wordStart);
        if (before.stripLeading().startsWith(":")) {
            return command(before, word);
        }
        JavaShell javaShell = java;
        if (javaShell != null) {
            return javaShell.completions(before, wordStart);
        }
        int quote = openQuote(before);
        if (quote >= wordStart) {
            String code = before.substring(0, quote);
            String typed = before.substring(quote + 1);
            String close = String.valueOf(before.charAt(quote));
            return inString(code, typed, close).stream()
                    .filter(c -> c.value().startsWith(typed))
                    .map(c -> new Candidate(word.substring(0, quote + 1 - wordStart) + c.value(), c.displ(), c.group(),
                            c.descr(), null, null, false, c.sort()))
                    .toList();
        }
        int tokenStart = before.length();
        while (tokenStart > wordStart && Character.isJavaIdentifierPart(before.charAt(tokenStart - 1))) {
            tokenStart--;
        }
        String head = word.substring(0, tokenStart - wordStart);
        String token = before.substring(tokenStart);
        return code(before.substring(0, tokenStart)).stream()
                .filter(c -> c.startsWith(token))
                .map(c -> new Candidate(head + c, c, null, null, null, null, false))
                .toList();
    }

    /**
     * Names in Groovy code: after a dot, the methods and properties of what the expression before it
     * gives (nothing when that cannot be told without running it); else the variables and the
     * shell's functions.
     */
    private List<String> code(String before) {
        String code = before.stripTrailing();
        // A range, 1.., goes on with a value, not a member.
        if (code.endsWith(".") && !code.endsWith("..")) {
            Type type = ExpressionType.before(before, session.binding(), ReplScript.class);
            return type == null ? List.of() : ExpressionType.members(type);
        }
        List<String> names = new ArrayList<>();
        ((Map<?, ?>) session.binding().getVariables()).keySet().stream().map(String::valueOf).filter(n -> !n.equals("out")).sorted().forEach(names::add);
        names.addAll(FUNCTIONS);
        return names;
    }

    /** What goes inside the quotes that follow {@code code}; each value ends with the closing quote where it is whole. */
    private List<Candidate> inString(String code, String typed, String close) {
        Matcher member = STRING_AFTER_MEMBER.matcher(code);
        if (member.find()) {
            StoreHandle store = session.connected().get(member.group(1));
            return store == null ? List.of() : keys(store, typed, close);
        }
        if (STRING_AFTER_URI_FUNCTION.matcher(code).find()) {
            return uris(typed).stream().map(c -> c.complete()
                    ? new Candidate(c.value() + close, c.displ(), c.group(), c.descr(), null, null, true) : c).toList();
        }
        if (STRING_AFTER_LOAD.matcher(code).find()) {
            return whole(runbookFiles(), close);
        }
        if (STRING_AFTER_TRANSFORM.matcher(code).find()) {
            return transforms().entrySet().stream()
                    .map(t -> new Candidate(t.getKey() + close, t.getKey(), "transforms", t.getValue(), null, null, false)).toList();
        }
        if (STRING_AFTER_RUN_FUNCTION.matcher(code).find()) {
            return newestFirst(session.runIds(), close);
        }
        return List.of();
    }

    private static List<Candidate> whole(List<String> values, String close) {
        return values.stream().map(v -> new Candidate(v + close, v, null, null, null, null, false)).toList();
    }

    /** A {@code :command} line: the command, then what its arguments take. */
    private List<Candidate> command(String before, String word) {
        List<String> words = Repl.words(before.stripLeading().substring(1));
        boolean inWord = !before.isEmpty() && !Character.isWhitespace(before.charAt(before.length() - 1));
        int index = inWord ? words.size() - 1 : words.size();
        if (index <= 0) {
            return colon.names().stream().map(n -> ":" + n).filter(n -> n.startsWith(word))
                    .map(n -> new Candidate(n, n, "commands", null, null, null, true)).toList();
        }
        String name = words.get(0);
        List<String> args = words.subList(1, index);
        List<Candidate> offered = switch (name) {
            case "connect" -> args.size() == 1 ? uris(word) : List.of();
            case "cd" -> args.isEmpty() ? directories(word) : List.of();
            case "ls", "get" -> word.startsWith("-") || args.size() > 1 || args.stream().anyMatch(a -> a.startsWith("-"))
                    ? subcommand(name, args, word) : args.isEmpty() ? storesAndUris(word) : keysOf(args.get(0), word);
            case "load" -> args.isEmpty() ? whole(runbookFiles(), "") : List.of();
            case "flagged" -> args.isEmpty() ? newestFirst(session.runIds(), "") : List.of();
            default -> subcommand(name, args, word);
        };
        boolean keys = (name.equals("ls") || name.equals("get")) && args.size() == 1 && !word.startsWith("-")
                && args.stream().noneMatch(a -> a.startsWith("-"));
        return offered.stream().filter(c -> c.value().startsWith(word))
                .map(c -> keys ? c : new Candidate(c.value(), c.displ(), c.group(), c.descr(), null, null,
                        !c.value().endsWith(":") && !c.value().endsWith("/"), c.sort()))
                .toList();
    }

    /** A CLI command's options, and for its parameters what their labels say they take. */
    private List<Candidate> subcommand(String name, List<String> args, String word) {
        CommandSpec spec = session.commands().spec().subcommands().containsKey(name)
                ? session.commands().spec().subcommands().get(name).getCommandSpec() : null;
        if (spec == null) {
            return List.of();
        }
        if (word.startsWith("-")) {
            return spec.options().stream().filter(o -> !o.hidden()).flatMap(o -> Arrays.stream(o.names())
                    .map(n -> new Candidate(n, n, "options", firstLine(o.description()), null, null, true))).toList();
        }
        int position = 0;
        for (int i = 0; i < args.size(); i++) {
            OptionSpec option = args.get(i).startsWith("-") ? spec.findOption(args.get(i)) : null;
            if (option != null) {
                if (i == args.size() - 1 && option.arity().max() > 0) {
                    // A label such as NAME[:K=V,...] takes what NAME does: --transform takes a transform's name.
                    return option.completionCandidates() == null ? forLabel(option.paramLabel().replaceFirst("\\[.*", ""), args, word)
                            : whole(iterate(option.completionCandidates()), "");
                }
                i += option.arity().max() > 0 ? 1 : 0;
            } else if (!args.get(i).startsWith("-")) {
                position++;
            }
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (parameter.index().contains(position)) {
                return forLabel(parameter.paramLabel(), args, word);
            }
        }
        return List.of();
    }

    private List<Candidate> forLabel(String label, List<String> args, String word) {
        return switch (label) {
            case "RUN" -> newestFirst(session.runIds(), "");
            case "RUNBOOK" -> whole(runbookFiles(), "");
            case "URI", "FROM", "TO", "A", "B" -> storesUris(word);
            case "NAME" -> whole(List.copyOf(transforms().keySet()), "");
            case "KEY" -> keysFor(args, word);
            default -> List.of();
        };
    }

    /** Keys for {@code :get URI KEY} and the like, or the flagged keys of {@code :retry RUN KEY}. */
    private List<Candidate> keysFor(List<String> args, String word) {
        List<String> positional = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (positional.isEmpty()) {
            return List.of();
        }
        String first = positional.get(0);
        List<Candidate> keys = keysOf(first, word);
        if (!keys.isEmpty()) {
            return keys;
        }
        return session.runIds().stream().anyMatch(id -> id.startsWith(first)) ? whole(session.flaggedKeys(first), "") : List.of();
    }

    /** The remembered keys of a connected store, named by its variable or its URI. */
    private List<Candidate> keysOf(String store, String typed) {
        StoreHandle handle = session.connected().get(store);
        if (handle == null) {
            handle = session.connected().values().stream().filter(h -> h.getUri().equals(store)).findFirst().orElse(null);
        }
        return handle == null ? List.of() : keys(handle, typed, "");
    }

    /** Whole keys end with the closing quote (and, after a command, a space); shared starts wait for more. */
    private static List<Candidate> keys(StoreHandle store, String typed, String close) {
        return store.keySteps(typed).stream()
                .map(k -> new Candidate(k.text() + (k.whole() ? close : ""), k.text(), null, null, null, null, k.whole()))
                .toList();
    }

    private List<Candidate> storesAndUris(String typed) {
        List<Candidate> all = new ArrayList<>(connectedNames());
        all.addAll(uris(typed));
        return all;
    }

    /** Where a command takes a store: the connected names (which stand for their URIs), their URIs, the schemes. */
    private List<Candidate> storesUris(String typed) {
        List<Candidate> all = new ArrayList<>(connectedNames());
        session.connected().values().stream().map(StoreHandle::getUri).distinct()
                .forEach(uri -> all.add(new Candidate(uri, uri, "connected stores", null, null, null, false)));
        all.addAll(uris(typed));
        return all;
    }

    private List<Candidate> connectedNames() {
        return session.connected().keySet().stream()
                .map(name -> new Candidate(name, name, "connected stores", null, null, null, false)).toList();
    }

    /** The schemes, as the start of a URI to type on from; after {@code local:} or {@code file:}, the paths that follow. */
    private List<Candidate> uris(String typed) {
        List<Candidate> all = new ArrayList<>(schemes().stream()
                .map(s -> new Candidate(s + ":", s + ":", "schemes", null, null, null, false)).toList());
        Matcher file = FILE_URI.matcher(typed);
        if (file.matches()) {
            all.addAll(paths(file.group(1) + ":", file.group(2), false));
        }
        return all;
    }

    /** The directories under the one typed, for {@code :cd}. */
    private List<Candidate> directories(String typed) {
        return paths("", typed, true);
    }

    /**
     * The entries of the directory a typed path is in (relative to the working directory) whose
     * names start as its last part does: a directory ends with {@code /} and waits for more, a file
     * is whole. Hidden entries only when a dot is typed.
     *
     * @param before what goes before the path, such as {@code local:}
     * @param typed the path typed so far
     * @param directoriesOnly whether files are left out
     */
    private List<Candidate> paths(String before, String typed, boolean directoriesOnly) {
        int slash = typed.lastIndexOf('/');
        String parent = typed.substring(0, slash + 1);
        String start = typed.substring(slash + 1);
        Path dir = session.host().resolve(Path.of(parent.isEmpty() ? "." : parent));
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(start))
                    .filter(p -> start.startsWith(".") || !p.getFileName().toString().startsWith("."))
                    .filter(p -> !directoriesOnly || Files.isDirectory(p))
                    .sorted().limit(MAX_FILES)
                    .map(p -> {
                        String name = p.getFileName() + (Files.isDirectory(p) ? "/" : "");
                        return new Candidate(before + parent + name, name, "files", null, null, null, !name.endsWith("/"));
                    }).toList();
        } catch (IOException | UncheckedIOException | InvalidPathException e) {
            return List.of();
        }
    }

    /** Run ids in the order given, newest first, which Tab keeps rather than sorting them by name. */
    private static List<Candidate> newestFirst(List<String> ids, String close) {
        List<Candidate> all = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            all.add(new Candidate(ids.get(i) + close, ids.get(i), "runs, newest first", null, null, null, true, i));
        }
        return all;
    }

    /** @return the runbooks under the working directory (Groovy and JShell), as paths relative to it */
    private List<String> runbookFiles() {
        Path dir = session.host().workingDirectory();
        try (Stream<Path> files = Files.walk(dir, FILE_DEPTH)) {
            return files.filter(Files::isRegularFile)
                    .map(dir::relativize)
                    .filter(p -> Stream.iterate(p, q -> q != null, Path::getParent).noneMatch(q -> q.getFileName().toString().startsWith(".")))
                    .map(p -> p.toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".groovy") || p.endsWith(".jsh"))
                    // A transforms directory holds transform scripts, which are not runbooks.
                    .filter(p -> !p.startsWith("transforms/") && !p.contains("/transforms/"))
                    .sorted().limit(MAX_FILES).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** Where the word under the cursor starts: after the last white space. */
    private static int wordStart(String before) {
        int i = before.length();
        while (i > 0 && !Character.isWhitespace(before.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    /** @return the index of the quote of a string left open at the end of the text, or -1 */
    static int openQuote(String text) {
        int open = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (open >= 0) {
                if (c == '\\') {
                    i++;
                } else if (c == text.charAt(open)) {
                    open = -1;
                } else if (c == '\n') {
                    open = -1;
                }
            } else if (c == '\'' || c == '"') {
                open = i;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            }
        }
        return open;
    }

    private static <T> List<String> iterate(Iterable<T> values) {
        List<String> all = new ArrayList<>();
        values.forEach(v -> all.add(String.valueOf(v)));
        return all;
    }

    private static String firstLine(String[] description) {
        return description == null || description.length == 0 ? null : description[0];
    }
}
