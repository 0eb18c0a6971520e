package io.ferry.provider.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the Azure SDK's {@link SecretClient} for a vault: over the JDK HTTP client (TLS verified,
 * with {@code ca=} trusting a private CA), with the SDK's own retries turned off so that Ferry's rate
 * limiter alone paces and retries (two layers of retry multiply, and a wrong URL would take many
 * seconds to fail), and with the credential from the environment.
 */
final class AzureClients {

    /** The variable holding a bearer token to use as is, instead of DefaultAzureCredential. */
    static final String ACCESS_TOKEN = "AZURE_ACCESS_TOKEN";
    /** The tenant DefaultAzureCredential signs in to, when set. */
    static final String TENANT_ID = "AZURE_TENANT_ID";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private AzureClients() {
    }

    /**
     * @param settings the vault and its TLS settings
     * @param environment the environment variables of the provider's context
     * @return the client
     */
    static SecretClient secretClient(AzureSettings settings, Map<String, String> environment) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (settings.ca() != null) {
            jdk.sslContext(TrustedCa.context(settings.ca()));
        }
        HttpClient http = new JdkHttpClientBuilder(jdk)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
        SecretClientBuilder builder = new SecretClientBuilder()
                .vaultUrl(settings.vaultUrl())
                .credential(credential(environment))
                .httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
        if (settings.loopback()) {
            // A vault on this machine (an emulator or a test server) answers the bearer challenge with
            // the real resource, https://vault.azure.net, which cannot match a loopback host; a real
            // vault's challenge always matches, so the check stays on for every other host.
            builder.disableChallengeResourceVerification();
        }
        return builder.buildClient();
    }

    /**
     * @param environment the environment variables
     * @return {@code AZURE_ACCESS_TOKEN} as a static bearer token when set, else DefaultAzureCredential
     *     (environment service principal, workload identity, managed identity, Azure CLI, ...), in the
     *     tenant {@code AZURE_TENANT_ID} when set
     */
    static TokenCredential credential(Map<String, String> environment) {
        String token = environment.get(ACCESS_TOKEN);
        if (token != null && !token.isBlank()) {
            return new StaticTokenCredential(token.trim());
        }
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
        String tenant = environment.get(TENANT_ID);
        if (tenant != null && !tenant.isBlank()) {
            builder.tenantId(tenant.trim());
        }
        return builder.build();
    }
}
