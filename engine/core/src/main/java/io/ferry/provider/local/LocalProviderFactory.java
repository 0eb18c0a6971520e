package io.ferry.provider.local;

import io.ferry.keys.KeySourceException;
import io.ferry.keys.SecretReference;
import io.ferry.keys.StoredSecrets;
import io.ferry.spi.Constraints;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Opens {@link LocalProvider}s for URIs {@code local:PATH[?prefix=P]}: an encrypted SQLite file at
 * PATH, relative to the context's working directory, created with its directories when missing.
 * {@code prefix} scopes the view: keys are relative to it.
 *
 * <p>The passphrase comes from {@code FERRY_LOCAL_PASSPHRASE}, or from the secret in another store
 * that {@code FERRY_LOCAL_PASSPHRASE_URI} names ({@code STORE/KEY[#FIELD]}, see
 * {@link SecretReference}; one trailing line break is not part of it), or failing both from the
 * context's passphrase source; never from the URI, so that it cannot end up in a runbook, a journal
 * or a shell history.
 */
public final class LocalProviderFactory implements ProviderFactory {

    /** The environment variable holding the passphrase. */
    public static final String PASSPHRASE_VARIABLE = "FERRY_LOCAL_PASSPHRASE";
    /** The environment variable naming a secret in another store that holds the passphrase. */
    public static final String PASSPHRASE_URI_VARIABLE = "FERRY_LOCAL_PASSPHRASE_URI";
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
        String stored = context.environment().get(PASSPHRASE_URI_VARIABLE);
        if (stored == null || stored.isBlank()) {
            LocalStore store = LocalStore.open(path, prefix,
                    () -> context.passphrase(PASSPHRASE_VARIABLE, "local store " + path),
                    "set " + PASSPHRASE_VARIABLE + " to the passphrase it was created with");
            return new LocalProvider(spec, store);
        }
        SecretReference reference = storedPassphrase(stored, context);
        LocalStore store = LocalStore.open(path, prefix, () -> read(reference, path, context),
                "the passphrase at " + reference + " (" + PASSPHRASE_URI_VARIABLE + ") is not the one it was created with; "
                        + "point " + PASSPHRASE_URI_VARIABLE + " at the secret that holds that passphrase");
        return new LocalProvider(spec, store);
    }

    /** The secret {@code FERRY_LOCAL_PASSPHRASE_URI} names, once it is known to be the only passphrase given. */
    private static SecretReference storedPassphrase(String stored, ProviderContext context) {
        String direct = context.environment().get(PASSPHRASE_VARIABLE);
        if (direct != null && !direct.isEmpty()) {
            throw unavailable(PASSPHRASE_VARIABLE + " and " + PASSPHRASE_URI_VARIABLE + " are both set, and each gives "
                    + "the local store's passphrase; unset one", null);
        }
        try {
            SecretReference reference = SecretReference.parse(stored, PASSPHRASE_URI_VARIABLE);
            if (scheme(reference).equals("local")) {
                throw unavailable(PASSPHRASE_URI_VARIABLE + " " + reference + " names a local store, whose own passphrase "
                        + "it would have to give; keep the passphrase in another kind of store, or in "
                        + PASSPHRASE_VARIABLE, null);
            }
            return reference;
        } catch (KeySourceException e) {
            throw unavailable(e.getMessage(), e);
        }
    }

    private static String scheme(SecretReference reference) {
        return reference.storeUri().substring(0, reference.storeUri().indexOf(':')).toLowerCase(Locale.ROOT);
    }

    /** Reads the passphrase, without the one line break a file or a {@code kubectl create secret} may end it with. */
    private static char[] read(SecretReference reference, Path path, ProviderContext context) {
        try {
            String text = new StoredSecrets(ProviderRegistry.load())
                    .read(reference, "the passphrase of local store " + path, context).text();
            String passphrase = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            if (passphrase.isEmpty()) {
                throw unavailable("the passphrase of local store " + path + " at " + reference + " is empty; store the "
                        + "passphrase there", null);
            }
            return passphrase.toCharArray();
        } catch (KeySourceException e) {
            throw unavailable(e.getMessage(), e);
        }
    }

    private static ProviderException unavailable(String message, Throwable cause) {
        return new ProviderException(ProviderException.Kind.UNAVAILABLE, null, message, false, null, cause);
    }
}
