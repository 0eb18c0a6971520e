package io.ferry.provider.azure

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import java.nio.file.Path

/** The memory provider emulating Azure Key Vault, with the rules this adapter declares: names of letters, digits and dashes, compared without case. */
class MemoryAzureEmulationContractSpec extends SecretProviderContract {

    SecretProvider openProvider() {
        ProviderRegistry.load().open('memory:?emulate=azure', new ProviderContext(Path.of('.'), [:], ProviderContext.PassphraseSource.none()))
    }

    boolean supportsDisabled() {
        true
    }

    boolean supportsIdempotencyTokens() {
        true
    }

    List<String> unusualKeys() {
        ['UPPER-lower-123', '0-leading-digit', '---', 'x' * 127, 'a']
    }
}
