package io.ferry.dsl;

import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import io.ferry.spi.ProviderRegistry;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformFactory;
import io.ferry.transform.TransformRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;

/**
 * Every transform a runbook or command can name: the built-ins of a {@link TransformRegistry}, then
 * Groovy scripts {@code NAME.groovy} in a script directory (a runbook's {@code transforms/} directory).
 * A built-in wins over a script of the same name. Each script is compiled once, when first named, and
 * every record runs on a new instance of its class. Thread-safe.
 *
 * <pre>{@code
 * TransformCatalog catalog = TransformCatalog.of(TransformRegistry.load(), Path.of("runbooks/transforms"));
 * Transform mask = catalog.create("mask-host", Map.of("suffix", ".internal"));
 * }</pre>
 */
public final class TransformCatalog {

    /** The directory name, next to a runbook, that holds its transform scripts. */
    public static final String SCRIPT_DIRECTORY = "transforms";

    /** Script names are file names: no separators, so that a name cannot reach outside the directory. */
    private static final Pattern SCRIPT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final TransformRegistry registry;
    private final Path scripts;
    private final ConcurrentMap<String, Class<? extends TransformScript>> compiled = new ConcurrentHashMap<>();

    private TransformCatalog(TransformRegistry registry, Path scripts) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.scripts = scripts;
    }

    /**
     * @param registry the built-in transforms
     * @return a catalog of the built-ins alone
     */
    public static TransformCatalog of(TransformRegistry registry) {
        return new TransformCatalog(registry, null);
    }

    /**
     * @param registry the built-in transforms
     * @param directory the directory whose {@code transforms/} holds scripts, such as a runbook's directory
     * @return a catalog of the built-ins and those scripts
     */
    public static TransformCatalog of(TransformRegistry registry, Path directory) {
        return new TransformCatalog(registry, directory.resolve(SCRIPT_DIRECTORY));
    }

    /**
     * @return every transform's name and one-line description: the built-ins, then the scripts that no
     *     built-in hides, each sorted by name
     */
    public Map<String, String> descriptions() {
        Map<String, String> all = new LinkedHashMap<>();
        for (TransformFactory f : registry.factories()) {
            all.put(f.name(), f.description());
        }
        for (String name : scriptNames()) {
            all.putIfAbsent(name, scriptDescription(name));
        }
        return Collections.unmodifiableMap(all);
    }

    /**
     * @param name a built-in's or a script's name
     * @param arguments its arguments; a script sees them as {@code params}
     * @return the transform
     * @throws TransformScriptException when the script does not compile
     * @throws IllegalArgumentException for an unknown name, listing the built-ins and the scripts
     */
    public Transform create(String name, Map<String, Object> arguments) {
        if (registry.knows(name)) {
            return registry.create(name, arguments);
        }
        Path file = scriptFile(name);
        if (file == null || !Files.isRegularFile(file)) {
            throw unknown(name);
        }
        Class<? extends TransformScript> script = compiled.computeIfAbsent(name, n -> compile(n, file));
        return new ScriptTransform(name, script, Collections.unmodifiableMap(new LinkedHashMap<>(arguments)));
    }

    private IllegalArgumentException unknown(String name) {
        List<String> builtIns = new ArrayList<>();
        registry.factories().forEach(f -> builtIns.add(f.name()));
        List<String> scriptNames = scriptNames();
        List<String> every = new ArrayList<>(builtIns);
        every.addAll(scriptNames);
        String nearest = ProviderRegistry.nearest(name, every);
        String where = scripts == null ? "" : "; scripts in " + scripts + ": "
                + (scriptNames.isEmpty() ? "none" : String.join(", ", scriptNames));
        return new IllegalArgumentException("unknown transform '" + name + "'"
                + (nearest == null ? "" : " (did you mean '" + nearest + "'?)")
                + "; built-in transforms: " + (builtIns.isEmpty() ? "none" : String.join(", ", builtIns)) + where
                + (scripts == null ? "" : "; or write " + shown(name)));
    }

    private Path scriptFile(String name) {
        return scripts == null || !SCRIPT_NAME.matcher(name).matches() ? null : scripts.resolve(name + ".groovy");
    }

    private List<String> scriptNames() {
        if (scripts == null || !Files.isDirectory(scripts)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(scripts)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".groovy"))
                    .map(f -> f.substring(0, f.length() - ".groovy".length()))
                    .filter(n -> SCRIPT_NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** @return the script's first line when it is a {@code //} comment, else where the script is */
    private String scriptDescription(String name) {
        try (Stream<String> lines = Files.lines(scriptFile(name), StandardCharsets.UTF_8)) {
            String first = lines.findFirst().orElse("").strip();
            return first.startsWith("//") ? first.substring(2).strip() : "script " + shown(name);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "script " + shown(name);
        }
    }

    private static String shown(String name) {
        return SCRIPT_DIRECTORY + "/" + name + ".groovy";
    }

    @SuppressWarnings({"unchecked", "resource"}) // the loader stays open: the class loads through it as long as it runs
    private Class<? extends TransformScript> compile(String name, Path file) {
        String shown = shown(name);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the transform script " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        GroovyClassLoader loader = new GroovyClassLoader(TransformCatalog.class.getClassLoader(), configuration());
        try {
            return (Class<? extends TransformScript>) loader.parseClass(
                    new GroovyCodeSource(text, ScriptName.of(shown).sourceName(), "/groovy/transform"), false);
        } catch (MultipleCompilationErrorsException e) {
            throw new TransformScriptException(CompileProblems.of(e.getErrorCollector(), shown));
        } catch (CompilationFailedException e) {
            throw new TransformScriptException(List.of(new RunbookProblem(shown, 0, 0, CompileProblems.reworded(e.getMessage()))));
        }
    }

    private static CompilerConfiguration configuration() {
        CompilerConfiguration configuration = new CompilerConfiguration();
        configuration.setScriptBaseClass(TransformScript.class.getName());
        configuration.setSourceEncoding(StandardCharsets.UTF_8.name());
        ImportCustomizer imports = new ImportCustomizer();
        imports.addStarImports("io.ferry.secret", "io.ferry.transform", "java.time");
        configuration.addCompilationCustomizers(imports);
        return configuration;
    }
}
