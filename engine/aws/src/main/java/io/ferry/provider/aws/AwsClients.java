package io.ferry.provider.aws;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Builds the SDK client an {@code aws:} provider talks through. The region and the credentials
 * provider are always set explicitly, so the SDK never probes the EC2 metadata service for a region.
 * Credentials come from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and
 * {@code AWS_SESSION_TOKEN}) in the provider's environment, else the {@code profile} option or
 * {@code AWS_PROFILE}, else the SDK's default chain. The SDK's own retries are off: the provider's
 * rate limiter retries throttled calls and reads, so the two never multiply; short connect and read
 * timeouts make an unreachable endpoint fail in seconds.
 */
final class AwsClients {

    /** How long a connection may take to open. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** How long a call may wait for bytes once connected. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);

    private AwsClients() {
    }

    /**
     * @param settings where to connect
     * @param environment the provider's environment variables
     * @param http the HTTP client, which the caller closes
     * @return the client
     */
    static SecretsManagerClient create(AwsSettings settings, Map<String, String> environment, SdkHttpClient http) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings, environment))
                .httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(SOCKET_TIMEOUT.plus(CONNECT_TIMEOUT)));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /**
     * @param settings the settings, whose {@code ca} replaces the JVM's trusted certificates
     * @return an HTTP client with short timeouts
     * @throws IllegalArgumentException when the CA file cannot be read, naming it
     */
    static SdkHttpClient http(AwsSettings settings) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT);
        if (settings.ca() != null) {
            TrustManager[] trust = trustManagers(settings);
            http.tlsTrustManagersProvider(() -> trust);
        }
        return http.build();
    }

    static AwsCredentialsProvider credentials(AwsSettings settings, Map<String, String> environment) {
        String accessKey = environment.get("AWS_ACCESS_KEY_ID");
        String secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
        if (notBlank(accessKey) && notBlank(secretKey)) {
            String sessionToken = environment.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(notBlank(sessionToken)
                    ? AwsSessionCredentials.create(accessKey, secretKey, sessionToken)
                    : AwsBasicCredentials.create(accessKey, secretKey));
        }
        String profile = settings.profile() != null ? settings.profile() : environment.get("AWS_PROFILE");
        if (notBlank(profile)) {
            return ProfileCredentialsProvider.builder().profileName(profile).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static TrustManager[] trustManagers(AwsSettings settings) {
        try (InputStream in = Files.newInputStream(settings.ca())) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("ca file " + settings.ca() + " holds no PEM certificate; give the "
                        + "certificate of the CA that signed the endpoint's TLS certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ca file " + settings.ca() + ": " + e.getMessage()
                    + "; give the path of a PEM file", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ca file " + settings.ca() + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
