package io.ferry.provider.folder

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import java.nio.file.Path
import spock.lang.TempDir

class FolderContractSpec extends SecretProviderContract {

    @TempDir
    Path workspace

    @Override
    SecretProvider openProvider() {
        ProviderRegistry.load().open("folder:secrets-${UUID.randomUUID()}?plaintext=true",
                new ProviderContext(workspace, [:], ProviderContext.PassphraseSource.none()))
    }

    /** A folder keeps every attribute as written, so a record written disabled reads back disabled. */
    @Override
    boolean supportsDisabled() {
        true
    }
}
