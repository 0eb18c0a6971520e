package io.ferry.provider.aws

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import spock.lang.Requires

/**
 * The provider contract against real AWS Secrets Manager, run only with {@code -Plive} and
 * {@code FERRY_LIVE_AWS_REGION=us-east-1}, with the caller's own credentials from the standard chain.
 * The identity needs the secretsmanager actions on {@code ferry-live-*}. Each feature works under its
 * own random prefix and deletes what it wrote without a recovery window.
 */
@Requires({ System.getenv('FERRY_LIVE_AWS_REGION') })
class AwsSecretsManagerLiveSpec extends SecretProviderContract {

    SecretProvider openProvider() {
        def prefix = 'ferry-live-' + UUID.randomUUID().toString().substring(0, 8) + '/'
        ProviderRegistry.load().open("aws:${System.getenv('FERRY_LIVE_AWS_REGION')}/$prefix?forceDelete=true",
                ProviderContext.system())
    }

    def cleanup() {
        provider?.stream('', 100)?.toList()?.each { provider.delete(it.key(), null) }
    }

    boolean supportsIdempotencyTokens() {
        true
    }

    boolean supportsEmptyValues() {
        false
    }

    List<String> unusualKeys() {
        ['path/to/secret', 'dots.and_underscores', 'UPPER-lower', 'plus+equals=at@', 'a']
    }
}
