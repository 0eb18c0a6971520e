package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.SecretProvider;

/**
 * Opens stores for the commands that look at or change one secret ({@code ls}, {@code get},
 * {@code put}). They need no journal, so they do not open (or create) the state store.
 */
final class Stores {

    private Stores() {
    }

    /**
     * @param host the working directory, environment and passphrase prompt
     * @param uri the store, for example {@code local:secrets.db}
     * @return the open store, which the caller closes
     */
    static SecretProvider open(Host host, String uri) {
        try {
            return ProviderRegistry.load().open(uri, host.providerContext());
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        } catch (ProviderException | IllegalStateException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, e.getMessage(), e);
        }
    }
}
