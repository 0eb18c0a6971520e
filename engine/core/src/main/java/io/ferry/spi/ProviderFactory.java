package io.ferry.spi;

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
}
