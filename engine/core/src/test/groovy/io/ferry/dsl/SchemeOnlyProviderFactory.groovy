package io.ferry.dsl

import io.ferry.spi.Constraints
import io.ferry.spi.NameCharacters
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderFactory
import io.ferry.spi.ProviderSpec
import io.ferry.spi.SecretProvider
import java.util.regex.Pattern

/**
 * Makes a scheme known to the DSL's checks without a store behind it: compiling a runbook never
 * opens a provider. The local and memory adapters are written elsewhere, so these tests use schemes
 * of their own.
 */
abstract class SchemeOnlyProviderFactory implements ProviderFactory {

    @Override
    String description() {
        "${scheme()}: a scheme for DSL tests, with no store"
    }

    @Override
    SecretProvider open(ProviderSpec spec, ProviderContext context) {
        throw new UnsupportedOperationException("DSL tests compile runbooks; they never open ${spec.scheme()}")
    }

    /** {@code aws(region: 'us-east-1', prefix: 'payments/')} */
    static class Aws extends SchemeOnlyProviderFactory {
        @Override
        String scheme() { 'aws' }
    }

    /**
     * {@code azure(vault: 'https://payments.vault.azure.net')}, declaring Key Vault's rules as the
     * Azure adapter does, so that core's specifications can rehearse against
     * {@code memory:?emulate=azure} (case-insensitive names, a text-only store, a small tag
     * allowance) without that adapter on the class path. The adapter's own specification checks
     * the emulation of its real rules.
     */
    static class Azure extends SchemeOnlyProviderFactory {
        @Override
        String scheme() { 'azure' }

        @Override
        Optional<Constraints> constraints() {
            Optional.of(new Constraints('Azure Key Vault', Pattern.compile('[0-9a-zA-Z-]{1,127}'),
                    '1-127 ASCII letters, digits and -, compared without regard to case', 127, 25_600, 15, 256, 256,
                    false, true, NameCharacters.of('[0-9a-zA-Z-]', 'ASCII letters, digits and -')))
        }
    }
}
