package io.ferry.jshell;

import io.ferry.dsl.RunbookException;
import io.ferry.dsl.RunbookProblem;
import io.ferry.internal.Failures;
import io.ferry.runbook.ForEach;
import io.ferry.runbook.ProcedureElement;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Stage;
import io.ferry.runbook.Step;
import io.ferry.spi.ValueFreeMessage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import jdk.jshell.execution.LocalExecutionControlProvider;

/**
 * Turns a JShell runbook ({@code .jsh}) into a {@link Runbook}. The file is Java snippets, as JShell
 * takes them; it builds the runbook with {@code builder()} (which is {@link Runbook#builder()} with
 * the file's name and origin already set) and leaves it in a variable named {@code runbook}, or as
 * the value of its last expression. The snippets run in this JVM (JShell's
 * local execution engine) with the engine on the class path and these imports:
 * {@code io.ferry.runbook.*}, {@code io.ferry.secret.*}, {@code io.ferry.spi.*},
 * {@code io.ferry.transform.*}, {@code java.util.*}, {@code java.nio.file.*}, {@code java.time.*}.
 *
 * <pre>{@code
 * // V2__copy.jsh
 * var runbook = builder()
 *         .description("Copy app secrets")
 *         .source("local:old.db").target("local:new.db")
 *         .build();
 * }</pre>
 *
 * <p>A snippet that does not compile, or throws, is reported as {@code file:line:col: message} at
 * its line in the file; nothing after it runs.
 */
public final class JShellRunbookCompiler {

    private static final List<String> IMPORTS = List.of("io.ferry.runbook.*", "io.ferry.secret.*", "io.ferry.spi.*",
            "io.ferry.transform.*", "java.util.*", "java.nio.file.*", "java.time.*");

    /**
     * @param file a {@code .jsh} runbook, UTF-8
     * @return its runbook, named after the file without its extension, with the file as its origin
     * @throws RunbookException with the file, line and column of the snippet that is wrong
     */
    public Runbook compile(Path file) {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunbookException(List.of(new RunbookProblem(file.toString(), 0, 0,
                    "cannot read the runbook file (" + e.getClass().getSimpleName() + ")")));
        }
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".jsh") ? fileName.substring(0, fileName.length() - 4) : fileName;
        Object built = evaluate(source.startsWith("\uFEFF") ? source.substring(1) : source, file.toString(),
                "Runbook.Builder builder() { return Runbook.builder().name(" + literal(name) + ").origin(Path.of("
                        + literal(file.toAbsolutePath().toString()) + ")); }");
        if (!(built instanceof Runbook runbook)) {
            throw new RunbookException(List.of(new RunbookProblem(file.toString(), 0, 0, built == null
                    ? "the script built no runbook; end it with: var runbook = builder()...build();"
                    : "'runbook' is a " + built.getClass().getName() + ", not a Runbook; build it with Runbook.builder()...build()")));
        }
        return rebuild(runbook, name, file);
    }

    /** A runbook built with Runbook.builder() and a name of its own still takes the file's name and origin, as the Groovy DSL's do. */
    private static Runbook rebuild(Runbook r, String name, Path file) {
        Runbook.Builder b = Runbook.builder().name(name).description(r.description()).origin(file)
                .discovery(r.discovery()).planning(r.planning()).execution(r.execution()).validation(r.validation())
                .monitoring(r.monitoring()).schedule(r.schedule());
        if (r.source() != null) {
            b.source(r.source());
        }
        if (r.target() != null) {
            b.target(r.target());
        }
        r.transforms().forEach(b::transform);
        for (Stage stage : Stage.values()) {
            r.before(stage).forEach(h -> b.before(stage, h));
            r.after(stage).forEach(h -> b.after(stage, h));
        }
        r.rollbackHooks().forEach(b::rollback);
        for (ProcedureElement element : r.procedure()) {
            if (element instanceof Step step) {
                b.step(step);
            } else {
                b.forEach((ForEach) element);
            }
        }
        return b.build();
    }

    private static String literal(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private Object evaluate(String source, String file, String prelude) {
        String token = UUID.randomUUID().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // JShell's local engine sets its own loader as this thread's context loader; put ours back after.
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
             JShell shell = JShell.builder().executionEngine(new LocalExecutionControlProvider(), Map.of())
                     .out(out).err(out).build()) {
            classPath().forEach(shell::addToClasspath);
            for (String imported : IMPORTS) {
                shell.eval("import " + imported + ";");
            }
            shell.eval(prelude);
            List<RunbookProblem> problems = new ArrayList<>();
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String remaining = source;
            int offset = 0;
            VarSnippet last = null;
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                int start = offset + leadingBlank(remaining);
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    break;
                }
                if (!info.completeness().isComplete()) {
                    problems.add(new RunbookProblem(file, lineOf(source, start), columnOf(source, start),
                            "this snippet is not complete: a ';', ')' or '}' is missing before the end of the file"));
                    break;
                }
                int consumed = remaining.length() - info.remaining().length();
                for (SnippetEvent event : shell.eval(info.source())) {
                    if (event.causeSnippet() != null) {
                        continue;
                    }
                    Snippet snippet = event.snippet();
                    if (event.status() == Snippet.Status.REJECTED) {
                        shell.diagnostics(snippet).filter(Diag::isError).forEach(d -> {
                            int at = start + (int) Math.max(0, d.getPosition());
                            problems.add(new RunbookProblem(file, lineOf(source, at), columnOf(source, at),
                                    d.getMessage(null).lines().findFirst().orElse("does not compile")));
                        });
                        if (shell.diagnostics(snippet).noneMatch(Diag::isError)) {
                            problems.add(new RunbookProblem(file, lineOf(source, start), columnOf(source, start),
                                    "this snippet was rejected; it uses something not yet declared"));
                        }
                    } else if (event.exception() != null) {
                        problems.add(new RunbookProblem(file, lineOf(source, start) + snippetLine(event.exception()) - 1,
                                columnOf(source, start), "threw " + describe(event.exception())));
                    } else if (snippet instanceof VarSnippet variable) {
                        last = "runbook".equals(variable.name()) || last == null || !"runbook".equals(last.name()) ? variable : last;
                    }
                }
                if (!problems.isEmpty()) {
                    throw new RunbookException(problems);
                }
                offset += consumed;
                remaining = info.remaining();
            }
            if (!problems.isEmpty()) {
                throw new RunbookException(problems);
            }
            if (last == null) {
                return null;
            }
            shell.eval(Handoff.class.getName() + ".give(\"" + token + "\", " + last.name() + ");");
            return Handoff.take(token);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** The line, counted from the snippet's first, of the innermost frame that is snippet code. */
    private static int snippetLine(JShellException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getFileName() != null && frame.getFileName().startsWith("#") && frame.getLineNumber() > 0) {
                return frame.getLineNumber();
            }
        }
        return 1;
    }

    /**
     * The type of what a snippet threw, and its message only when its class is marked value-free: a
     * snippet's exception arrives as a copy with the original's stack, so the mark is looked up by the
     * original class's name, and Ferry's own code is told by the stack.
     */
    private static String describe(JShellException e) {
        String type = e instanceof EvalException eval ? eval.getExceptionClassName() : e.getClass().getName();
        String simple = type.substring(type.lastIndexOf('.') + 1);
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        if (message.isEmpty()) {
            return simple;
        }
        return valueFree(type) || Failures.valueFree(e) ? simple + ": " + message : simple + " (message withheld: it may hold a value)";
    }

    private static boolean valueFree(String className) {
        try {
            return ValueFreeMessage.class.isAssignableFrom(Class.forName(className, false, JShellRunbookCompiler.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int lineOf(String source, int at) {
        int line = 1;
        for (int i = 0; i < Math.min(at, source.length()); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int columnOf(String source, int at) {
        int lineStart = source.lastIndexOf('\n', Math.min(at, source.length()) - 1) + 1;
        return at - lineStart + 1;
    }

    /** The JVM's class path and the engine's own location, which differ when the engine was loaded another way. */
    private static Set<String> classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        for (Class<?> type : List.of(Runbook.class, JShellRunbookCompiler.class)) {
            CodeSource code = type.getProtectionDomain().getCodeSource();
            if (code != null && code.getLocation() != null) {
                try {
                    entries.add(Path.of(code.getLocation().toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // A location that is no file (a custom class loader's URL) cannot be given to JShell.
                    continue;
                }
            }
        }
        return entries;
    }
}
