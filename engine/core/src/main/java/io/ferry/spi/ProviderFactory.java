package io.ferry.spi;

import java.util.Optional;

/**
 * Creates providers for one URI scheme. Adapters register an implementation under
 * {@code META-INF/services/io.ferry.spi.ProviderFactory}; the engine finds it by scheme.
 * Implementations must have a public no-argument constructor and do no work until
 * {@link #open} is called.
 */
public interface ProviderFactory {

    /** @return the URI scheme this factory claims, lower case, also the DSL function's name */
    String scheme();

    /** @return one line saying what store this is and the URI form, for {@code ferry providers} */
    String description();

    /**
     * Opens a provider.
     *
     * @param spec where it points
     * @param context the passphrases and the working directory
     * @return the provider, which the caller closes
     * @throws IllegalArgumentException when the spec is malformed, naming the option and the fix
     * @throws ProviderException when the store cannot be opened
     */
    SecretProvider open(ProviderSpec spec, ProviderContext context);

    /**
     * The rules of the store this factory opens, before a provider's prefix narrows them. The
     * adapter owns them; the memory provider takes them on for {@code memory:?emulate=SCHEME}, so that
     * a rehearsal against memory refuses exactly what this store would, whichever adapter it is.
     *
     * @return the store's constraints; empty where they depend on what is opened (a file's format)
     */
    default Optional<Constraints> constraints() {
        return Optional.empty();
    }

    /**
     * What the calls of a run to the store this factory opens cost: their rates, with the
     * {@code rate.*} options of the URI applied, and the calls each write and read takes. Read from
     * the URI alone, without calling the store, so that a plan can be estimated from its journal.
     *
     * @param spec where the store is
     * @return the costs; by default those of a store whose calls are not paced
     * @throws IllegalArgumentException when a {@code rate.*} option is not a number, naming it and the fix
     */
    default CallCosts costs(ProviderSpec spec) {
        return CallCosts.unpaced(scheme());
    }

    /**
     * What a person must be told about a store once a run has written to it, printed with the run's
     * outcome; for example that the store is a plain-text file that now holds secrets.
     *
     * @param spec where the run's target points
     * @return one line naming the store and what to do about it, never a value; empty when there is
     *     nothing to say
     */
    default Optional<String> afterWriteNotice(ProviderSpec spec) {
        return Optional.empty();
    }
}
