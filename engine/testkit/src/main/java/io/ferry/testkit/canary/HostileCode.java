package io.ferry.testkit.canary;

import io.ferry.secret.SecretRecord;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.SecretProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a careless hook, step or callback does with a value it holds: puts it in an exception's
 * message. Runbooks written for canary tests call these from their scripts, see {@link HostileRunbooks}.
 */
public final class HostileCode {

    private HostileCode() {
    }

    /**
     * Reads a value the way a hook or callback that opens a store itself does.
     *
     * @param uri a store that needs no passphrase, such as {@code memory:NAME}
     * @param key the key
     * @return the value as text
     * @throws IllegalStateException when the key is not there
     */
    public static String read(String uri, String key) {
        ProviderContext context = new ProviderContext(Path.of("."), Map.of(), ProviderContext.PassphraseSource.none());
        try (SecretProvider store = ProviderRegistry.load().open(uri, context)) {
            SecretRecord record = store.read(key).orElseThrow(() -> new IllegalStateException("no " + key + " in " + uri));
            return new String(record.value().bytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * @param value a value the code held
     * @return an exception whose message, cause and suppressed exception quote it in every encoding
     */
    public static RuntimeException failure(String value) {
        RuntimeException failure = new IllegalStateException("could not use " + Echo.of(value),
                new IllegalArgumentException("because " + Echo.of(value)));
        failure.addSuppressed(new IllegalStateException("and " + Echo.of(value)));
        return failure;
    }
}
