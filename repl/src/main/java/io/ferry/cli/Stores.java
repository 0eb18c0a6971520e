package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.api.RestorePoint;
import io.ferry.cli.host.Host;
import io.ferry.spi.ProviderContext;
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
     * Opens a store to write to, creating it if it does not exist yet.
     *
     * @param host the working directory, environment and passphrase prompt
     * @param uri the store, for example {@code local:secrets.db}
     * @return the open store, which the caller closes
     */
    static SecretProvider open(Host host, String uri) {
        return open(uri, host.providerContext());
    }

    /**
     * Opens a store to read, which must exist: a mistyped location is an error, not a new store.
     *
     * @param host the working directory, environment and passphrase prompt
     * @param uri the store
     * @return the open store, which the caller closes
     */
    static SecretProvider openExisting(Host host, String uri) {
        return open(uri, host.providerContext().existingOnly());
    }

    private static SecretProvider open(String uri, ProviderContext context) {
        if (uri.startsWith(RestorePoint.SCHEME + ":")) {
            // A restore point lives in the state store, which these commands do not open.
            throw new FerryException(ExitCode.USAGE, uri + " is a restore point, kept in the state store: list it with ferry ls "
                    + uri + ", compare it with ferry diff " + uri + " URI, or put it back with ferry restore "
                    + uri.substring(RestorePoint.SCHEME.length() + 1));
        }
        try {
            return ProviderRegistry.load().open(uri, context);
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, FailureHandler.oneLine(e), e);
        } catch (ProviderException | IllegalStateException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, FailureHandler.oneLine(e), e);
        }
    }
}
