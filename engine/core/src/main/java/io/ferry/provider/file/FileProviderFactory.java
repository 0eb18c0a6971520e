package io.ferry.provider.file;

import io.ferry.secret.Fingerprinter;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.state.JournalKey;
import io.ferry.state.StateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Opens {@link FileProvider}s for URIs {@code file:PATH[?format=F][&nested=keep][&plaintext=true]}:
 * a secrets file at PATH, relative to the context's working directory.
 *
 * <p>The format comes from {@code format} ({@code json}, {@code yaml}, {@code dotenv},
 * {@code properties} or {@code k8s}) or else from the file's name: {@code .json}; {@code .yaml} or
 * {@code .yml}; {@code .env}, or a name that is or starts with {@code .env} ({@code .env.local});
 * {@code .properties}. A Kubernetes manifest is a YAML file, so it needs {@code format=k8s}.
 * {@code nested=keep} keeps each top-level object of a JSON or YAML file as one record.
 *
 * <p>Reading needs the file to exist; a target that does not exist yet is created by its first
 * write. Writing needs {@code plaintext=true}, since the file holds the values in clear.
 */
public final class FileProviderFactory implements ProviderFactory {

    /** The option that names the format. */
    public static final String FORMAT = "format";
    /** The option that keeps top-level objects of JSON and YAML whole: {@code nested=keep}. */
    public static final String NESTED = "nested";
    /** The option that accepts writing secrets to a plain-text file. */
    public static final String PLAINTEXT = "plaintext";

    private static final List<String> OPTIONS = List.of(FORMAT, NESTED, PLAINTEXT);
    private static final List<String> FORMATS = List.of("json", "yaml", "dotenv", "properties", "k8s");
    private static final String VERSIONS = "ferry file store versions";

    /** Creates the factory; no work happens until {@link #open}. */
    public FileProviderFactory() {
    }

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public String description() {
        return "a plain-text secrets file (JSON, YAML, dotenv, properties, Kubernetes manifests), read as is, written "
                + "only with plaintext=true: file:PATH[?format=" + String.join("|", FORMATS) + "][&nested=keep]"
                + "[&plaintext=true]";
    }

    @Override
    public Optional<String> afterWriteNotice(ProviderSpec spec) {
        if (!Boolean.parseBoolean(spec.option(PLAINTEXT, "false"))) {
            return Optional.empty();
        }
        return Optional.of("a plain-text copy of the secrets is in " + spec.location()
                + " (owner-only); delete it once it has served its purpose");
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        for (String option : spec.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "' in " + spec.toUri()
                        + "; the file provider takes: " + String.join(", ", OPTIONS));
            }
        }
        if (spec.location().isBlank()) {
            throw new IllegalArgumentException("'" + spec.toUri() + "' names no file; write file:PATH, for example "
                    + "file:.env or file:secrets.json");
        }
        boolean plaintext = flag(spec, PLAINTEXT);
        boolean keep = nested(spec);
        Path path = context.resolve(spec.location()).toAbsolutePath();
        FileFormat format = format(spec, path, keep);
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + " is a directory; file: names one secrets file");
        }
        if (!context.createMissing() && !Files.exists(path)) {
            throw new ProviderException(ProviderException.Kind.NOT_FOUND, null, "there is no file at " + path
                    + "; check the path (a file is created only when a run writes to it with " + PLAINTEXT + "=true)");
        }
        SecretsFile file = new SecretsFile(path, format);
        // Parsed now, so that a malformed file is one line before anything is planned.
        file.entries();
        return new FileProvider(spec, file, format, plaintext, versions(context));
    }

    private static Fingerprinter versions(ProviderContext context) {
        try {
            return JournalKey.resolve(context, null).fingerprinter(VERSIONS);
        } catch (StateException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, e.getMessage(), false, null, e);
        }
    }

    private static boolean flag(ProviderSpec spec, String option) {
        String value = spec.option(option, "false").toLowerCase(Locale.ROOT);
        if (!Set.of("true", "false").contains(value)) {
            throw new IllegalArgumentException("option " + option + " in " + spec.toUri() + " must be true or false, not '"
                    + spec.option(option, "") + "'");
        }
        return value.equals("true");
    }

    private static boolean nested(ProviderSpec spec) {
        String value = spec.option(NESTED, "flatten");
        if (!Set.of("flatten", "keep").contains(value)) {
            throw new IllegalArgumentException("option " + NESTED + " in " + spec.toUri() + " must be keep or flatten, not '"
                    + value + "'");
        }
        return value.equals("keep");
    }

    private static FileFormat format(ProviderSpec spec, Path path, boolean keep) {
        String given = spec.options().get(FORMAT);
        String name = given == null ? fromName(path.getFileName().toString()) : given.toLowerCase(Locale.ROOT);
        if (name == null) {
            throw new IllegalArgumentException("cannot tell the format of " + spec.location() + " from its name; add ?"
                    + FORMAT + "=" + String.join("|", FORMATS) + " to the URI");
        }
        if (keep && !name.equals("json") && !name.equals("yaml")) {
            throw new IllegalArgumentException("option " + NESTED + "=keep in " + spec.toUri()
                    + " applies to JSON and YAML files only; remove it");
        }
        return switch (name) {
            case "json" -> TreeFormat.json(keep);
            case "yaml", "yml" -> TreeFormat.yaml(keep);
            case "dotenv", "env" -> new DotenvFormat();
            case "properties" -> new PropertiesFormat();
            case "k8s", "kubernetes" -> new KubernetesManifestFormat();
            default -> throw new IllegalArgumentException("unknown value '" + given + "' for option " + FORMAT + " in "
                    + spec.toUri() + "; valid values: " + String.join(", ", FORMATS));
        };
    }

    private static String fromName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.equals(".env") || lower.startsWith(".env.") || lower.endsWith(".env")) {
            return "dotenv";
        }
        if (lower.endsWith(".json")) {
            return "json";
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return "yaml";
        }
        if (lower.endsWith(".properties")) {
            return "properties";
        }
        return null;
    }
}
