package io.ferry.provider.local;

import io.ferry.spi.Constraints;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Opens {@link LocalProvider}s for URIs {@code local:PATH[?prefix=P]}: an encrypted SQLite file at
 * PATH, relative to the context's working directory, created with its directories when missing.
 * {@code prefix} scopes the view: keys are relative to it.
 *
 * <p>The passphrase comes from {@code FERRY_LOCAL_PASSPHRASE} or, failing that, from the context's
 * passphrase source; never from the URI, so that it cannot end up in a runbook, a journal or a
 * shell history.
 */
public final class LocalProviderFactory implements ProviderFactory {

    /** The environment variable holding the passphrase. */
    public static final String PASSPHRASE_VARIABLE = "FERRY_LOCAL_PASSPHRASE";
    /** The option that scopes the view to a key prefix. */
    public static final String PREFIX = "prefix";

    /**
     * The local store's rules: it keeps any name but NUL exactly, control characters included: names
     * are bound as SQL parameters and authenticated with the ciphertext, never parsed, so nothing in
     * the store is confused by them; a terminal is protected by Ferry's escaping of what it prints,
     * and a migration out of a store that allows such names can keep them here, to be renamed on the
     * way to a stricter store.
     */
    static final Constraints CONSTRAINTS = Constraints.lenient("local store");

    private static final Set<String> OPTIONS = Set.of(PREFIX);

    /** Creates the factory; no work happens until {@link #open}. */
    public LocalProviderFactory() {
    }

    @Override
    public String scheme() {
        return "local";
    }

    @Override
    public String description() {
        return "an encrypted SQLite file (AES-256-GCM, key from " + PASSPHRASE_VARIABLE
                + " through Argon2id): local:PATH[?prefix=app/]";
    }

    @Override
    public Optional<Constraints> constraints() {
        return Optional.of(CONSTRAINTS);
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        for (String option : spec.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "' in " + spec.toUri()
                        + "; the local provider takes: " + String.join(", ", OPTIONS)
                        + " (the passphrase comes from " + PASSPHRASE_VARIABLE + ", never from the URI)");
            }
        }
        if (spec.location().isBlank()) {
            throw new IllegalArgumentException("'" + spec.toUri() + "' names no file; write local:PATH, for example "
                    + "local:secrets.db");
        }
        String prefix = spec.option(PREFIX, "");
        if (prefix.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the prefix in " + spec.toUri() + " contains NUL, which keys cannot contain");
        }
        Path path = context.resolve(spec.location());
        if (!context.createMissing() && !Files.exists(path)) {
            throw new ProviderException(ProviderException.Kind.NOT_FOUND, null, "there is no local store at " + path
                    + "; check the path (a store is created when it is first written to)");
        }
        LocalStore store = LocalStore.open(path, prefix,
                () -> context.passphrase(PASSPHRASE_VARIABLE, "local store " + path));
        return new LocalProvider(spec, store);
    }
}
