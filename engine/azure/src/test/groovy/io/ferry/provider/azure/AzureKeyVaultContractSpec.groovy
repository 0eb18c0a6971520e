package io.ferry.provider.azure

import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract

/**
 * The azure adapter against the Key Vault test server, through the real Azure SDK: each feature in a
 * prefix of a fresh vault (a listing reads the whole vault, so a vault shared by every feature would
 * make listings slow), with deletes purging (the contract recreates deleted keys) and rates raised
 * above the real quotas, which the throttling spec exercises instead.
 */
class AzureKeyVaultContractSpec extends SecretProviderContract {

    /** The prefix takes 6 of Key Vault's 127 characters. */
    static final int LONGEST_KEY = 127 - KeyVaultFixture.freshPrefix().length()

    KeyVaultFixture vault

    def cleanup() {
        vault?.close()
    }

    SecretProvider openProvider() {
        vault = new KeyVaultFixture()
        vault.open(prefix: KeyVaultFixture.freshPrefix(), purgeOnDelete: true,
                'rate.write': 2000, 'rate.read': 2000, 'rate.list': 2000)
    }

    boolean supportsDisabled() {
        true
    }

    boolean supportsIdempotencyTokens() {
        true
    }

    boolean supportsOddLastPages() {
        true
    }

    void endListingsWith(String how) {
        vault.server.endListingsWith(how)
    }

    List<String> keptAttribute() {
        ['notBefore', '2030-01-01T00:00:00Z', '2031-01-01T00:00:00Z']
    }

    List<String> unusualKeys() {
        ['UPPER-lower-123', '0-leading-digit', '---', 'x' * LONGEST_KEY, 'a']
    }
}
