package io.ferry.cli.repl;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import org.jline.reader.Candidate;

/**
 * The shell's Java mode ({@code :java}, or {@code ferry repl --java}): a JShell session that runs
 * the lines in this process, with the engine's classes on its class path, the engine in the
 * variable {@code ferry} (same working directory and state store as the shell), and
 * {@code open(uri)} and {@code reveal(rec)} as in Groovy. Results print through the shell's
 * output, so values it has seen stay masked, as {@code SecretValue.toString()} always is.
 */
final class JavaShell implements AutoCloseable {

    private static final List<String> STARTUP = List.of(
            "import io.ferry.api.*;",
            "import io.ferry.runbook.*;",
            "import io.ferry.secret.*;",
            "import java.nio.file.*;",
            "import static io.ferry.cli.repl.Shell.*;",
            "Ferry ferry = engine();");

    private final JShell jshell;
    private final ReplSession session;
    private volatile boolean stopped;

    private JavaShell(JShell jshell, ReplSession session) {
        this.jshell = jshell;
        this.session = session;
    }

    /**
     * @param session the shell whose stores and engine the Java lines use
     * @return a JShell session ready for lines
     */
    static JavaShell start(ReplSession session) {
        PrintStream out = new PrintStream(new TextStream(session.filter()), true, StandardCharsets.UTF_8);
        JShell jshell = JShell.builder().executionEngine(SnippetExecution.provider(), Map.of()).out(out).err(out).build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                jshell.addToClasspath(entry);
            }
        }
        Shell.attach(session);
        JavaShell shell = new JavaShell(jshell, session);
        for (String line : STARTUP) {
            for (SnippetEvent event : jshell.eval(line)) {
                if (event.status() == Snippet.Status.REJECTED || event.exception() != null) {
                    shell.close();
                    throw new IllegalStateException("the Java session could not run '" + line + "': " + shell.problem(event));
                }
            }
        }
        return shell;
    }

    /** @param input one or more Java statements, declarations or expressions */
    void evaluate(String input) {
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        String remaining = input;
        stopped = false;
        while (!remaining.isBlank() && !stopped) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            boolean complete = info.completeness().isComplete();
            for (SnippetEvent event : jshell.eval(complete ? info.source() : remaining)) {
                report(event);
            }
            remaining = complete ? info.remaining() : "";
        }
        if (stopped) {
            session.out().println("error: stopped by Ctrl-C");
        }
        session.out().flush();
    }

    /**
     * JShell's own completion of Java code, for Tab.
     *
     * @param before the input up to the cursor
     * @param wordStart where the word under the cursor starts (after the last white space)
     * @return the whole word with each completion in place, shown as the completion alone
     */
    List<Candidate> completions(String before, int wordStart) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = jshell.sourceCodeAnalysis()
                .completionSuggestions(before, before.length(), anchor);
        if (anchor[0] < wordStart) {
            return List.of();
        }
        String head = before.substring(wordStart, anchor[0]);
        return suggestions.stream().map(SourceCodeAnalysis.Suggestion::continuation).distinct()
                .map(c -> new Candidate(head + c, c, null, null, null, null, false)).toList();
    }

    /** Ctrl-C: stops the line running in JShell. */
    void stop() {
        stopped = true;
        jshell.stop();
    }

    private void report(SnippetEvent event) {
        if (event.causeSnippet() != null) {
            return;
        }
        if (event.exception() != null || event.status() == Snippet.Status.REJECTED) {
            session.out().println("error: " + problem(event));
            return;
        }
        String value = event.value();
        if (value == null || event.snippet().subKind() == Snippet.SubKind.VAR_DECLARATION_SUBKIND && value.isEmpty()) {
            return;
        }
        // JShell shows a String quoted and escaped: a value holding a quote shows as \" and must
        // still be recognised.
        String shown = session.isValue(unquoted(value)) ? GroovyEvaluator.MASKED_RESULT : value;
        session.out().println(event.snippet() instanceof VarSnippet variable ? variable.name() + " ==> " + shown : shown);
    }

    private String problem(SnippetEvent event) {
        JShellException failure = event.exception();
        if (failure != null) {
            String type = failure instanceof EvalException eval ? eval.getExceptionClassName() : failure.getClass().getName();
            String message = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
            return type.substring(type.lastIndexOf('.') + 1) + (message.isEmpty() ? "" : ": " + session.mask(message));
        }
        return jshell.diagnostics(event.snippet())
                .map(d -> d.getMessage(Locale.ROOT).lines().findFirst().orElse(""))
                .findFirst().orElse("the line was rejected");
    }

    /** @return JShell's rendering of a String as the String itself */
    private static String unquoted(String value) {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            return value;
        }
        try {
            return value.substring(1, value.length() - 1).translateEscapes();
        } catch (IllegalArgumentException notJavaEscapes) {
            return value;
        }
    }

    /** Closes the session's engine (its state store connection) along with JShell. */
    @Override
    public void close() {
        try {
            jshell.eval("ferry.close();");
        } finally {
            Shell.detach(session);
            jshell.close();
        }
    }

}
