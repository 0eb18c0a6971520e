package io.ferry.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.control.ErrorCollector;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/** Groovy's compile errors, and the validator's, as runbook problems in a user's words. */
final class CompileProblems {

    private static final Pattern UNEXPECTED = Pattern.compile("(?s)Unexpected (input|character): '(.*)'\\s*");

    private CompileProblems() {
    }

    static List<RunbookProblem> of(ErrorCollector errors, String file) {
        List<RunbookProblem> problems = new ArrayList<>();
        for (Message message : errors.getErrors()) {
            problems.add(problem(message, file));
        }
        return problems;
    }

    private static RunbookProblem problem(Message message, String file) {
        if (message instanceof SyntaxErrorMessage syntax) {
            SyntaxException e = syntax.getCause();
            String text = e instanceof RunbookValidator.Problem ? e.getOriginalMessage() : reworded(e.getOriginalMessage());
            if (e instanceof RunbookValidator.Problem p && p.file() != null) {
                return new RunbookProblem(p.file(), e.getLine(), e.getStartColumn(), text);
            }
            return new RunbookProblem(file, Math.max(e.getLine(), 1), Math.max(e.getStartColumn(), 1), text);
        }
        if (message instanceof ExceptionMessage exception) {
            Exception cause = exception.getCause();
            return new RunbookProblem(file, 0, 0, "the runbook could not be compiled: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage())));
        }
        if (message instanceof SimpleMessage simple) {
            return new RunbookProblem(file, 0, 0, reworded(simple.getMessage()));
        }
        return new RunbookProblem(file, 0, 0, "the runbook could not be compiled: " + message.getClass().getSimpleName());
    }

    /** Groovy's parser writes "Unexpected input: '{'"; this reads "unexpected input '{'", on one line. */
    static String reworded(String groovy) {
        Matcher unexpected = UNEXPECTED.matcher(groovy.strip());
        if (unexpected.matches()) {
            String token = firstLine(unexpected.group(2));
            String said = "unexpected " + unexpected.group(1) + " '" + token + "'";
            if (token.length() == 1 && "{([".contains(token)) {
                // The parser points at the bracket whose block it could not finish.
                return said + "; a bracket is missing or extra between this one and its closing one";
            }
            if (token.equals("\\'") || token.equals("\"")) {
                return said + "; a string is not closed on this line";
            }
            return said;
        }
        String line = firstLine(groovy);
        if (line.endsWith(".")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.length() > 1 && Character.isUpperCase(line.charAt(0)) && Character.isLowerCase(line.charAt(1))
                ? Character.toLowerCase(line.charAt(0)) + line.substring(1)
                : line;
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("").strip();
    }
}
