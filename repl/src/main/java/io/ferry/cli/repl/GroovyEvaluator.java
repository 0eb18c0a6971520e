package io.ferry.cli.repl;

import groovy.lang.GroovyShell;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
import io.ferry.api.FerryException;
import io.ferry.internal.Redactor;
import java.io.PrintWriter;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Evaluates Groovy lines with one shell and binding for the whole session, so that variables
 * outlive their line. Loops and closures typed in the shell check for Ctrl-C
 * ({@link ThreadInterrupt}), so that even {@code while (true) {}} can be stopped. A failing line
 * prints one error line and changes nothing else.
 */
final class GroovyEvaluator {

    /** What a line whose result is a value's text prints, however the text was come by. */
    static final String MASKED_RESULT = "*** (a secret value; reveal(record) prints it)";

    private final ReplSession session;
    private GroovyShell shell;

    GroovyEvaluator(ReplSession session) {
        this.session = session;
    }

    /**
     * Readies the compiler by compiling a line that does nothing, so that the first line typed is
     * as quick as the others; the shell runs it on its worker while the first prompt is shown.
     */
    void warmUp() {
        shell().parse("null");
    }

    /** Made on first use, so that the first prompt does not wait for Groovy's compiler. */
    private GroovyShell shell() {
        if (shell != null) {
            return shell;
        }
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(ReplScript.class.getName());
        ImportCustomizer imports = new ImportCustomizer();
        imports.addStarImports("io.ferry.secret", "io.ferry.runbook");
        config.addCompilationCustomizers(imports, new ASTTransformationCustomizer(ThreadInterrupt.class));
        shell = new GroovyShell(Repl.class.getClassLoader(), session.binding(), config);
        return shell;
    }

    /** {@code def x = ...} at the start of a line: a local variable of that line only. */
    private static final Pattern LOCAL = Pattern.compile("^\\s*def\\s+([A-Za-z_$][\\w$]*)\\s*=");

    /** @param code one or more lines of Groovy */
    void evaluate(String code) {
        PrintWriter out = session.out();
        Matcher local = LOCAL.matcher(code);
        if (local.find()) {
            out.println("note: 'def " + local.group(1) + "' lives only on this line; to keep it: " + local.group(1) + " = ...");
        }
        try {
            Script script = shell().parse(code);
            ((ReplScript) script).session(session);
            Object result = script.run();
            if (result instanceof Listing<?> listing) {
                listing.show();
            } else if (result != null && !(result instanceof RunOutcome)) {
                out.println(session.isValue(result) ? MASKED_RESULT : String.valueOf(result));
            }
        } catch (CompilationFailedException e) {
            out.println("error: " + syntaxError(e));
        } catch (MissingPropertyException e) {
            out.println("error: " + unknownName(e));
        } catch (Exception | StackOverflowError | AssertionError e) {
            out.println("error: " + describe(e, session));
        }
        out.flush();
    }

    /**
     * @param e what a line or a command failed with
     * @param session for the values to mask
     * @return one line that says what went wrong, with the values the shell has seen masked
     */
    static String describe(Throwable e, ReplSession session) {
        if (e instanceof InterruptedException || e instanceof CancellationException) {
            return "stopped by Ctrl-C" + (e.getMessage() == null || e instanceof InterruptedException ? "" : ": " + e.getMessage());
        }
        if (e instanceof FerryException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return session.spoken(session.mask(firstLine(e.getMessage())));
        }
        return session.spoken(session.mask(Redactor.describe(e)));
    }

    /** An unknown name in a line is most often a variable not assigned yet, or assigned with 'def'. */
    private static String unknownName(MissingPropertyException e) {
        if (e.getType() != null && Script.class.isAssignableFrom(e.getType())) {
            return "no variable '" + e.getProperty() + "'; assign it first, without 'def': "
                    + e.getProperty() + " = ...";
        }
        return firstLine(e.getMessage());
    }

    private static String syntaxError(CompilationFailedException e) {
        if (e instanceof MultipleCompilationErrorsException multiple && multiple.getErrorCollector().getErrorCount() > 0) {
            Message first = multiple.getErrorCollector().getError(0);
            if (first instanceof SyntaxErrorMessage syntax) {
                SyntaxException cause = syntax.getCause();
                return firstLine(cause.getOriginalMessage()) + " (line " + cause.getLine() + ", column "
                        + cause.getStartColumn() + ")";
            }
        }
        return firstLine(e.getMessage().replaceFirst("^startup failed:\\s*", ""));
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }
}
