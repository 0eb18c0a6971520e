package io.ferry.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider may need from its surroundings to open: the working directory that relative
 * paths resolve against, the environment, and a way to ask for a passphrase.
 *
 * @param workingDirectory the directory relative locations resolve against
 * @param environment the environment variables (credentials come from the store's own chain)
 * @param passphrases asks for passphrases the environment does not give
 * @param createMissing whether a store that does not exist yet may be created by opening it (a
 *     target, {@code put}); false where it is only read or undone, so that a mistyped location is an
 *     error rather than a new, empty store
 */
public record ProviderContext(Path workingDirectory, Map<String, String> environment, PassphraseSource passphrases,
                              boolean createMissing) {

    /** Checks the fields. */
    public ProviderContext {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(passphrases, "passphrases");
    }

    /**
     * A context that may create missing stores.
     *
     * @param workingDirectory the directory relative locations resolve against
     * @param environment the environment variables
     * @param passphrases asks for passphrases the environment does not give
     */
    public ProviderContext(Path workingDirectory, Map<String, String> environment, PassphraseSource passphrases) {
        this(workingDirectory, environment, passphrases, true);
    }

    /** @return this context, for opening stores that must exist already */
    public ProviderContext existingOnly() {
        return new ProviderContext(workingDirectory, environment, passphrases, false);
    }

    /**
     * @param directory another working directory
     * @return this context with relative locations resolved against that directory
     */
    public ProviderContext in(Path directory) {
        return new ProviderContext(directory, environment, passphrases, createMissing);
    }

    /** @return the process's working directory and environment, prompting on the console if there is one */
    public static ProviderContext system() {
        return new ProviderContext(Path.of("").toAbsolutePath(), System.getenv(), PassphraseSource.console());
    }

    /**
     * @param location a path as written in a URI
     * @return the path resolved against the working directory
     */
    public Path resolve(String location) {
        return workingDirectory.resolve(location).normalize();
    }

    /**
     * A passphrase from the environment variable, else from the passphrase source.
     *
     * @param variable the environment variable, for example {@code FERRY_LOCAL_PASSPHRASE}
     * @param what what the passphrase unlocks, for the prompt and the error
     * @return the passphrase
     * @throws IllegalStateException when neither gives one, saying which variable to set
     */
    public char[] passphrase(String variable, String what) {
        String fromEnv = environment.get(variable);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        char[] typed = passphrases.ask("Passphrase for " + what + ": ");
        if (typed == null || typed.length == 0) {
            throw new IllegalStateException("no passphrase for " + what + ": set " + variable
                    + " or run in a terminal to be asked for it");
        }
        return typed;
    }

    /** Asks a person for a passphrase. */
    @FunctionalInterface
    public interface PassphraseSource {

        /**
         * @param prompt what to show
         * @return the passphrase, or null when nobody can be asked
         */
        char[] ask(String prompt);

        /** @return a source that reads from the console without echo, or gives null without one */
        static PassphraseSource console() {
            return prompt -> System.console() == null ? null : System.console().readPassword("%s", prompt);
        }

        /** @return a source that never answers */
        static PassphraseSource none() {
            return prompt -> null;
        }
    }
}
