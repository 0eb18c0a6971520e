package io.ferry.dsl;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.ProviderSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What running one runbook file needs and finds: the registries its words refer to, and the problems
 * met along the way, placed at the script line that caused them.
 *
 * <p>While the script runs, a word given a wrong value is recorded and the script goes on, so that
 * every such mistake is reported at once. While the validator tries a word with literal arguments
 * before the script runs, the same mistake is thrown instead, for the validator to place at the
 * word's line and column.
 */
final class Evaluation {

    private final ScriptName script;
    private final TransformCatalog transforms;
    private final ProviderRegistry providers;
    private final Map<String, String> environment;
    private final boolean collecting;
    /**
     * For a runbook block built from a closure: whether the code the closure was written in answers
     * a name. A name neither the runbook block nor that code answers is recorded as an unknown
     * word, and the closure goes on, so that every mistake is reported at once as the validator
     * reports a file's; null for a file, which the validator checked before it ran.
     */
    private Predicate<String> answeredAround;
    /** The innermost block that last left a name to the blocks around it, and the name: where an unknown word was used. */
    private Class<?> passedOnBy;
    private String passedOn;
    private final List<RunbookProblem> problems = new ArrayList<>();
    private final Set<Integer> unsetLines = new HashSet<>();

    private Evaluation(ScriptName script, TransformCatalog transforms, ProviderRegistry providers,
                       Map<String, String> environment, boolean collecting) {
        this.script = script;
        this.transforms = transforms;
        this.providers = providers;
        this.environment = environment;
        this.collecting = collecting;
    }

    /**
     * @param environment the variables {@code env('NAME')} reads
     * @return an evaluation for running the script, which records problems and goes on
     */
    static Evaluation running(ScriptName script, TransformCatalog transforms, ProviderRegistry providers,
                              Map<String, String> environment) {
        return new Evaluation(script, transforms, providers, Map.copyOf(environment), true);
    }

    /**
     * @return an evaluation for the validator's trial calls, which throws problems; it reads no
     *     environment, as the variables are only known when the script runs
     */
    static Evaluation checking(ScriptName script, TransformCatalog transforms, ProviderRegistry providers) {
        return new Evaluation(script, transforms, providers, Map.of(), false);
    }

    /**
     * @param answered whether the code a runbook closure was written in answers a name
     * @return this evaluation, recording the names nothing answers rather than stopping at the first
     */
    Evaluation answeredAround(Predicate<String> answered) {
        this.answeredAround = answered;
        return this;
    }

    TransformCatalog transforms() {
        return transforms;
    }

    ProviderRegistry providers() {
        return providers;
    }

    /** @return the environment variables the runbook may read, as the engine was configured with them */
    Map<String, String> environment() {
        return environment;
    }

    /**
     * Applies a change that the model checks, recording its refusal as a problem.
     *
     * @param change sets an option; throws {@link IllegalArgumentException} with a user-facing message
     */
    void attempt(Runnable change) {
        attempt(() -> {
            change.run();
            return null;
        }, null);
    }

    /**
     * @param value computes a value that the model checks
     * @param fallback what to go on with when it is refused
     * @return the value, or the fallback after recording the refusal
     */
    <T> T attempt(Supplier<T> value, T fallback) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            if (!collecting) {
                throw e;
            }
            if (e instanceof TransformScriptException script) {
                problems.addAll(script.problems());
                return fallback;
            }
            add(problem(lineIn(e.getStackTrace()), e.getMessage()));
            return fallback;
        }
    }

    /**
     * @param spec a provider spec from the runbook
     * @return the spec
     * @throws IllegalArgumentException when no adapter on the class path claims its scheme
     */
    ProviderSpec known(ProviderSpec spec) {
        providers.factory(spec.scheme());
        return spec;
    }

    /**
     * What a block does with a call none of its methods takes: a known option given the wrong
     * arguments is recorded, and the script goes on; anything else is passed on, for the enclosing
     * blocks and the script to answer, as Groovy does when nothing is recorded.
     *
     * @param block the block called
     * @param name the method called
     * @param args its arguments
     * @return null, after recording the problem
     * @throws MissingMethodException when the name is no option of the block, or while the validator
     *     tries the call, which words the problem with the literal arguments
     */
    Object unanswered(Object block, String name, Object args) {
        Object[] arguments = args instanceof Object[] array ? array : new Object[] {args};
        Class<?> type = block.getClass();
        if (!collecting || !DslVocabulary.options(type).contains(name)) {
            if (collecting && block instanceof RunbookBlock && answeredAround != null && !answeredAround.test(name)) {
                Class<?> where = name.equals(passedOn) ? passedOnBy : type;
                passedOn = null;
                report(DslVocabulary.missingMethod(new MissingMethodException(name, where, arguments), providers.schemes()));
                return null;
            }
            if (!(block instanceof RunbookBlock) && !name.equals(passedOn)) {
                passedOnBy = type;
                passedOn = name;
            } else if (block instanceof RunbookBlock) {
                passedOn = null;
            }
            throw new MissingMethodException(name, type, arguments);
        }
        report(DslVocabulary.wrongArguments(type, name,
                Arrays.stream(arguments).map(DslVocabulary::kindOf).collect(Collectors.joining(", "))));
        return null;
    }

    /**
     * Records that the script read an environment variable that is not set. What the line then does
     * with the stand-in value it goes on with is not reported: the variable is the problem.
     *
     * @param name the variable
     */
    void unset(String name) {
        int line = callerLine();
        add(problem(line, "environment variable " + name + " is not set; set it, or give a default: env('"
                + name + "', 'VALUE')"));
        unsetLines.add(line);
    }

    private void add(RunbookProblem problem) {
        if (!unsetLines.contains(problem.line())) {
            problems.add(problem);
        }
    }

    /** @param message a problem at the script line now running */
    void report(String message) {
        add(problem(callerLine(), message));
    }

    /**
     * @param line a script line, or 0 for the whole file
     * @param message a problem there
     */
    void report(int line, String message) {
        add(problem(line, message));
    }

    /**
     * Records why the script stopped. Only the exception's class is shown, unless its message is
     * known to hold no value: the script may have read secrets, and an exception message is not
     * the place to print them.
     *
     * @param failure what the script threw
     */
    void failed(Throwable failure) {
        add(problem(lineIn(failure.getStackTrace()), describe(failure)));
    }

    private String describe(Throwable failure) {
        if (failure instanceof MissingMethodException missing) {
            return DslVocabulary.missingMethod(missing, providers.schemes());
        }
        if (failure instanceof MissingPropertyException missing) {
            return "no variable or property '" + missing.getProperty() + "' here; declare it with def, or check its spelling";
        }
        if (failure instanceof AssertionError) {
            return "an assert failed (its message is not shown, as it may hold a secret)";
        }
        if (failure instanceof NullPointerException) {
            // Groovy's and the JDK's null messages name code, never values.
            return "a null value was used where a value is needed"
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        }
        return "the script threw " + failure.getClass().getName() + " (its message is not shown, as it may hold a secret)";
    }

    /** @return whether a problem has been recorded */
    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** @return the problems recorded */
    List<RunbookProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * @param kind what the closure is, for example {@code closure} for a transform
     * @return {@code kind@file:line} of the script line now running, which names the closure in
     *     plans and errors without showing anything the closure computed
     */
    String closureName(String kind) {
        return kind + "@" + script.fileName() + ":" + callerLine();
    }

    /** @return the script line now running, or 0 outside the script */
    int callerLine() {
        String source = script.sourceName();
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> source.equals(f.getFileName()))
                .findFirst()
                .map(StackWalker.StackFrame::getLineNumber)
                .orElse(0));
    }

    private int lineIn(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (script.sourceName().equals(frame.getFileName()) && frame.getLineNumber() > 0) {
                return frame.getLineNumber();
            }
        }
        return 0;
    }

    private RunbookProblem problem(int line, String message) {
        // Only the line is known at run time; column 1 points an editor at it.
        return new RunbookProblem(script.file(), line, line == 0 ? 0 : 1, message);
    }
}
