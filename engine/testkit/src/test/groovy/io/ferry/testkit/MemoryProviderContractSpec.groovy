package io.ferry.testkit

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import java.nio.file.Path

/** The memory provider, plain: lenient constraints, history and idempotency tokens. */
class MemoryProviderContractSpec extends SecretProviderContract {

    SecretProvider openProvider() {
        ProviderRegistry.load().open('memory:', new ProviderContext(Path.of('.'), [:], ProviderContext.PassphraseSource.none()))
    }

    boolean supportsDisabled() {
        true
    }

    boolean supportsIdempotencyTokens() {
        true
    }
}
