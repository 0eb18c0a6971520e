package io.ferry.provider.aws

import io.ferry.api.Ferry
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.ProviderSpec
import io.ferry.spi.SecretProvider
import io.ferry.spi.pacing.Backoff
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.nio.file.Path
import java.time.Duration
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient

/** Opens providers and plain SDK clients against an in-process AWS Secrets Manager. */
class AwsTestSupport {

    /** The credentials the server knows from the start, as the environment gives them. */
    static final Map<String, String> CREDENTIALS = [AWS_ACCESS_KEY_ID    : AwsSecretsManagerServer.ACCESS_KEY,
                                                    AWS_SECRET_ACCESS_KEY: AwsSecretsManagerServer.SECRET_KEY]

    /**
     * @param server the server
     * @param prefix the provider's scope
     * @param options more URI options
     * @param environment the environment variables the provider sees
     * @return the provider, through the registry as the engine opens it
     */
    static SecretProvider open(AwsSecretsManagerServer server, String prefix, Map<String, String> options = [:],
                               Map<String, String> environment = CREDENTIALS) {
        def all = [endpoint: server.endpoint().toString()] + options
        ProviderRegistry.load().open(new ProviderSpec('aws', "us-east-1/$prefix", all).toUri(), context(environment))
    }

    static ProviderContext context(Map<String, String> environment = CREDENTIALS) {
        new ProviderContext(Path.of('.'), environment, ProviderContext.PassphraseSource.none())
    }

    /**
     * @param dir the working directory, which also holds the state store and the journal key
     * @return an engine that reaches the server with the credentials it knows, backing off briefly
     */
    static Ferry ferry(Path dir) {
        Ferry.configure()
                .workingDirectory(dir)
                .journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(new ProviderContext(dir, CREDENTIALS, ProviderContext.PassphraseSource.none()))
                .backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)))
                .actor('spec')
                .load()
    }

    /** @return a plain SDK client without retries, to look at what the server holds without the adapter in between */
    static SecretsManagerClient sdk(AwsSecretsManagerServer server) {
        SecretsManagerClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(server.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AwsSecretsManagerServer.ACCESS_KEY, AwsSecretsManagerServer.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration { it.retryStrategy(AwsRetryStrategy.doNotRetry()) }
                .build()
    }
}
