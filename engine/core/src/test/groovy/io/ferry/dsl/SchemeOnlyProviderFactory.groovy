package io.ferry.dsl

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderFactory
import io.ferry.spi.ProviderSpec
import io.ferry.spi.SecretProvider

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

    /** {@code azure(vault: 'https://payments.vault.azure.net')} */
    static class Azure extends SchemeOnlyProviderFactory {
        @Override
        String scheme() { 'azure' }
    }
}
