package io.ferry.testkit

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import java.nio.file.Path
import spock.lang.TempDir

/** The local encrypted SQLite store, opened on a new file in a temporary directory for each feature. */
class LocalProviderContractSpec extends SecretProviderContract {

    @TempDir
    Path dir

    SecretProvider openProvider() {
        def context = new ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: 'contract passphrase'], ProviderContext.PassphraseSource.none())
        ProviderRegistry.load().open('local:contract.db', context)
    }

    boolean supportsDisabled() {
        true
    }

    boolean supportsIdempotencyTokens() {
        true
    }
}
