package io.ferry.internal;

import io.ferry.spi.ValueFreeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.codehaus.groovy.runtime.InvokerInvocationException;

/**
 * Says what went wrong without ever quoting a secret value. A failure is described by its type, the
 * runbook location it was raised at ({@code file:line}) and, only where it is value-free, its
 * message. A message is value-free when its exception is marked {@link ValueFreeMessage}, or when
 * Ferry's own compiled code raised it (its innermost frame is one of Ferry's Java classes), since
 * Ferry builds messages from keys, names and fixes alone. Any other message is withheld: it may come
 * from a transform, a hook, a store's SDK, the JDK or the Groovy runtime (a failed {@code as Integer}
 * quotes the text it could not convert), and any of those may have held a value.
 */
public final class Failures {

    private static final String WITHHELD = "message withheld: it may hold a value";
    private static final String FERRY = "io.ferry.";
    private static final String TEST_KIT = "io.ferry.testkit.";

    private Failures() {
    }

    /**
     * @param e a failure from any code, a user's included
     * @return one line: the message of a value-free failure, else its type and runbook location
     */
    public static String describe(Throwable e) {
        Throwable failure = unwrapped(e);
        String type = failure.getClass().getSimpleName();
        if (valueFree(failure)) {
            String line = firstLine(failure.getMessage());
            return line.isEmpty() ? type : type + ": " + line;
        }
        String at = location(failure);
        boolean said = failure.getMessage() != null && !failure.getMessage().isBlank();
        return type + (at == null ? "" : " at " + at) + (said ? " (" + WITHHELD + ")" : "");
    }

    /**
     * @param e a failure
     * @return the first line of its message when that is value-free (or, when it has none, its type);
     *     else the same as {@link #describe}
     */
    public static String message(Throwable e) {
        Throwable failure = unwrapped(e);
        if (valueFree(failure)) {
            String line = firstLine(failure.getMessage());
            return line.isEmpty() ? failure.getClass().getSimpleName() : line;
        }
        return describe(failure);
    }

    /**
     * @param e a failure
     * @return whether its message may be shown as it is
     */
    public static boolean valueFree(Throwable e) {
        return e instanceof ValueFreeMessage || raisedByFerry(e);
    }

    /**
     * Whether Ferry's own Java code made this exception. The test kit is not Ferry's
     * code here: its hostile store and transforms stand for someone else's.
     */
    private static boolean raisedByFerry(Throwable e) {
        StackTraceElement[] stack = e.getStackTrace();
        if (stack.length == 0) {
            return false;
        }
        // A stack trace is filled in where the exception is made, so its innermost frame is the code that wrote the message.
        String thrower = stack[0].getClassName();
        return thrower.startsWith(FERRY) && !thrower.startsWith(TEST_KIT)
                && stack[0].getFileName() != null && stack[0].getFileName().endsWith(".java");
    }

    /**
     * The place in a runbook or transform script the failure was raised at: the innermost stack frame,
     * in the failure or one of its causes, of a Groovy script compiled from a runbook or transform file.
     * Those classes sit in no package and carry the script's file name.
     *
     * @param e a failure
     * @return {@code file:line}, or null when no script was running
     */
    public static String location(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (isScript(frame)) {
                    return frame.getFileName() + ":" + frame.getLineNumber();
                }
            }
        }
        return null;
    }

    /**
     * Prints a stack trace as {@link Throwable#printStackTrace()} does, with every message that is not
     * value-free left out: types, value-free messages and frames only.
     *
     * @param e the failure
     * @param out where to print it
     */
    public static void printStackTrace(Throwable e, PrintWriter out) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        print(e, "", "", out, seen);
        out.flush();
    }

    /**
     * @param e the failure
     * @return its stack trace as {@link #printStackTrace} prints it
     */
    public static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        printStackTrace(e, new PrintWriter(text));
        return text.toString();
    }

    private static void print(Throwable e, String caption, String indent, PrintWriter out, Set<Throwable> seen) {
        if (!seen.add(e)) {
            out.println(indent + caption + "[circular reference: " + e.getClass().getName() + "]");
            return;
        }
        out.println(indent + caption + heading(e));
        for (StackTraceElement frame : e.getStackTrace()) {
            out.println(indent + "\tat " + frame);
        }
        for (Throwable suppressed : e.getSuppressed()) {
            print(suppressed, "Suppressed: ", indent + "\t", out, seen);
        }
        if (e.getCause() != null) {
            print(e.getCause(), "Caused by: ", indent, out, seen);
        }
    }

    private static String heading(Throwable e) {
        if (valueFree(e) && e.getMessage() != null) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
        String at = location(e);
        return e.getClass().getName() + (at == null ? "" : " at " + at) + (e.getMessage() == null ? "" : " (" + WITHHELD + ")");
    }

    private static boolean isScript(StackTraceElement frame) {
        String file = frame.getFileName();
        return file != null && file.endsWith(".groovy") && frame.getLineNumber() > 0
                && frame.getClassName().indexOf('.') < 0;
    }

    /** Reflection and concurrency wrappers say nothing of their own; the failure is what they carry. */
    private static Throwable unwrapped(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof InvokerInvocationException || t instanceof InvocationTargetException
                        || t instanceof UndeclaredThrowableException || t instanceof CompletionException
                        || t instanceof ExecutionException)) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }
}
