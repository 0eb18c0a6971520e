package io.ferry.dsl;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.Script;
import io.ferry.runbook.Runbook;
import io.ferry.spi.ProviderRegistry;
import io.ferry.transform.TransformRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * Turns a Groovy runbook file into a {@link Runbook}. Parses the file, checks it, and only then runs
 * it: every mistake the checks can see is reported at once, with its line and column, before any of
 * the runbook's code runs; mistakes only running can show are reported at the line that made them.
 * Groovy's own errors (syntax, unknown classes) come first, alone: the checks need a file Groovy can
 * compile. Thread-safe: one compiler can compile several files at once.
 *
 * <pre>{@code
 * Runbook runbook = new RunbookCompiler(TransformRegistry.load()).compile(Path.of("runbooks/V1__copy.groovy"));
 * }</pre>
 */
public final class RunbookCompiler {

    private final TransformRegistry transforms;
    private final ProviderRegistry providers;
    private final Map<String, String> environment;

    /**
     * A compiler that knows the provider schemes of the adapters on the context class path.
     *
     * @param transforms the named transforms runbooks may use
     */
    public RunbookCompiler(TransformRegistry transforms) {
        this(transforms, ProviderRegistry.load());
    }

    /**
     * @param transforms the named transforms runbooks may use
     * @param providers the adapters whose schemes runbooks may use as source and target
     */
    public RunbookCompiler(TransformRegistry transforms, ProviderRegistry providers) {
        this(transforms, providers, System.getenv());
    }

    /**
     * @param transforms the named transforms runbooks may use
     * @param providers the adapters whose schemes runbooks may use as source and target
     * @param environment the variables runbooks read with {@code env('NAME')}
     */
    public RunbookCompiler(TransformRegistry transforms, ProviderRegistry providers, Map<String, String> environment) {
        this.transforms = Objects.requireNonNull(transforms, "transforms");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** The one place the runbook language is set up: its base class, its imports, its checks. */
    private static CompilerConfiguration configuration(RunbookValidator validator) {
        CompilerConfiguration configuration = new CompilerConfiguration();
        configuration.setScriptBaseClass(RunbookScript.class.getName());
        configuration.setSourceEncoding(StandardCharsets.UTF_8.name());
        ImportCustomizer imports = new ImportCustomizer();
        imports.addStarImports("io.ferry.secret", "io.ferry.runbook", "io.ferry.transform", "java.time");
        imports.addImports("io.ferry.spi.ProviderSpec");
        configuration.addCompilationCustomizers(imports, validator);
        return configuration;
    }

    /**
     * Transforms are looked up among the built-ins, then as scripts in the {@code transforms/}
     * directory next to the file ({@link TransformCatalog}).
     *
     * @param file a runbook file, UTF-8
     * @return its runbook, named after the file without its extension, with the file as its origin
     * @throws RunbookException listing every problem found, when the file cannot be read or is wrong
     */
    public Runbook compile(Path file) {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunbookException(List.of(new RunbookProblem(file.toString(), 0, 0,
                    "cannot read the runbook file (" + e.getClass().getSimpleName() + ")")));
        }
        Path directory = file.toAbsolutePath().getParent();
        TransformCatalog catalog = directory == null ? TransformCatalog.of(transforms) : TransformCatalog.of(transforms, directory);
        return compile(source, ScriptName.of(file.toString()), file, catalog);
    }

    /**
     * @param source a runbook's text
     * @param fileName the name problems are reported under, such as {@code V1__copy.groovy}; without
     *     its extension, the runbook's name
     * @return the runbook, with no origin; its transforms are the built-ins alone
     * @throws RunbookException listing every problem found
     */
    public Runbook compile(String source, String fileName) {
        return compile(source, ScriptName.of(fileName), null, TransformCatalog.of(transforms));
    }

    /**
     * Builds a runbook from the body of a runbook block given as a closure, as a shell does for
     * {@code rb = runbook { source 'memory:a'; target 'memory:b' }}: the same vocabulary and the
     * same checks as in a file, reported the same way.
     *
     * @param name the runbook's name
     * @param body what goes inside {@code runbook { ... }}
     * @param directory where transform scripts are looked up (its {@code transforms/}), or null for the built-ins alone
     * @return the runbook, with no origin
     * @throws RunbookException listing every problem found
     */
    public Runbook build(String name, @DelegatesTo(value = RunbookBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body,
                         Path directory) {
        ScriptName script = ScriptName.of(name + ".groovy");
        TransformCatalog catalog = directory == null ? TransformCatalog.of(transforms) : TransformCatalog.of(transforms, directory);
        Evaluation evaluation = Evaluation.running(script, catalog, providers, environment).answeredAround(answering(body));
        RunbookBlock block = new RunbookBlock(evaluation);
        try {
            Closures.delegatingTo(body, block).call();
        } catch (Exception | AssertionError e) {
            evaluation.failed(e);
        }
        Runbook runbook = null;
        if (!evaluation.hasProblems()) {
            try {
                runbook = block.build(script.runbookName(), null);
            } catch (IllegalArgumentException e) {
                evaluation.report(0, e.getMessage());
            }
        }
        if (evaluation.hasProblems()) {
            throw new RunbookException(evaluation.problems());
        }
        return runbook;
    }

    /**
     * The names the script a runbook closure was typed in answers: its methods (a shell's
     * functions, Groovy's {@code println}) and its variables. Inside a closure nested in other code
     * every name is left to that code, as Groovy resolves it.
     */
    private static Predicate<String> answering(Closure<?> body) {
        if (!(body.getOwner() instanceof Script script)) {
            return name -> true;
        }
        return name -> !InvokerHelper.getMetaClass(script).respondsTo(script, name).isEmpty()
                || script.getBinding().hasVariable(name);
    }

    private Runbook compile(String source, ScriptName name, Path origin, TransformCatalog catalog) {
        Class<?> scriptClass = parse(source, name, configuration(new RunbookValidator(catalog, providers)));
        Evaluation evaluation = Evaluation.running(name, catalog, providers, environment);
        if (!RunbookScript.class.isAssignableFrom(scriptClass)) {
            throw new RunbookException(List.of(new RunbookProblem(name.file(), 0, 0,
                    "this file declares classes but no runbook; describe the migration in runbook { ... }")));
        }
        RunbookScript script = (RunbookScript) InvokerHelper.createScript(scriptClass, new Binding());
        script.evaluateWith(evaluation);
        try {
            script.run();
        } catch (Exception | AssertionError e) {
            evaluation.failed(e);
        }
        Runbook runbook = evaluation.hasProblems() ? null : script.build(name.runbookName(), origin);
        if (evaluation.hasProblems()) {
            throw new RunbookException(evaluation.problems());
        }
        return runbook;
    }

    @SuppressWarnings("resource") // left open: the runbook's closures load classes through it for as long as they live
    private Class<?> parse(String source, ScriptName name, CompilerConfiguration configuration) {
        GroovyClassLoader loader = new GroovyClassLoader(RunbookCompiler.class.getClassLoader(), configuration);
        try {
            return loader.parseClass(new GroovyCodeSource(source, name.sourceName(), "/groovy/runbook"), false);
        } catch (MultipleCompilationErrorsException e) {
            throw new RunbookException(CompileProblems.of(e.getErrorCollector(), name.file()));
        } catch (CompilationFailedException e) {
            throw new RunbookException(List.of(new RunbookProblem(name.file(), 0, 0, CompileProblems.reworded(e.getMessage()))));
        }
    }
}
