package io.ferry.provider.aws

import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import io.ferry.testkit.server.aws.SecretsManagerStore.LastPage
import java.util.concurrent.atomic.AtomicInteger
import spock.lang.Shared

/**
 * The provider contract against the in-process AWS Secrets Manager, through the real SDK client.
 * Each feature works under its own prefix of one server; deletes skip the recovery window, because
 * the contract creates a deleted key again at once (AwsSoftDeleteSpec covers the recovery window),
 * and writes are not paced, because this server has no quota (AwsThrottlingSpec covers pacing).
 */
class AwsSecretsManagerContractSpec extends SecretProviderContract {

    @Shared
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    @Shared
    AtomicInteger scopes = new AtomicInteger()

    SecretProvider openProvider() {
        AwsTestSupport.open(server, "contract-${scopes.incrementAndGet()}/", [forceDelete: 'true', 'rate.write': '0'])
    }

    def cleanupSpec() {
        server.close()
    }

    def cleanup() {
        server.store().endListingsWith(LastPage.NO_TOKEN)
    }

    boolean supportsOddLastPages() {
        true
    }

    void endListingsWith(String how) {
        server.store().endListingsWith([empty: LastPage.EMPTY_TOKEN, same: LastPage.SAME_TOKEN][how])
    }

    boolean supportsIdempotencyTokens() {
        true
    }

    boolean supportsEmptyValues() {
        false
    }

    List<String> unusualKeys() {
        ['path/to/secret', 'dots.and_underscores', 'UPPER-lower', 'plus+equals=at@', 'a', 'x' * 400]
    }
}
