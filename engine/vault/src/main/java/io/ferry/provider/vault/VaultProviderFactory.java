package io.ferry.provider.vault;

import io.ferry.spi.CallCosts;
import io.ferry.spi.Constraints;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.pacing.RateLimiter;
import io.ferry.spi.pacing.RateLimiter.Operation;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import java.net.http.HttpClient;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Opens {@link VaultProvider}s for {@code vault:ADDRESS/MOUNT?options} and the DSL's
 * {@code vault(address: ..., mount: ..., prefix: ...)}; see {@link VaultSettings} for the options.
 *
 * <p>Vault has no fixed request quota, so the rate limiter starts at 500 reads, 200 writes and 100
 * listings a second (gentle on a shared Vault, far above what one key needs) and adapts when Vault's
 * rate-limit quotas answer 429; {@code rate.read}, {@code rate.write} and {@code rate.list} change
 * them, 0 turns pacing off. The driver's own retries are off so that the two do not multiply.
 *
 * <p>TLS is verified against the JVM's trust store, or against the PEM file given as
 * {@code ca=/path/to/ca.pem} (or {@code VAULT_CACERT}). A connection is given up after 5 seconds
 * ({@code connectTimeout}) and an answer after 30 ({@code timeout}), so that an unreachable Vault
 * fails in seconds.
 *
 * <p>The driver's {@code Rest} helper turns each answer into bytes with the platform charset, so a
 * JVM whose default charset is not UTF-8 (Java 17 in a POSIX locale) is refused rather than left to
 * corrupt non-ASCII values.
 */
public final class VaultProviderFactory implements ProviderFactory {

    /** The store's name in messages. */
    static final String STORE = "HashiCorp Vault";

    /**
     * Requests a second per class of call to begin with. Vault publishes no quota (an operator may
     * set rate-limit quotas, answered with 429), so the rate then adapts to how Vault answers.
     */
    static final Map<Operation, Double> DEFAULT_RATES = Map.of(Operation.READ, 500.0, Operation.WRITE, 200.0,
            Operation.LIST, 100.0);

    /** Creates the factory; no work happens until {@link #open}. */
    public VaultProviderFactory() {
    }

    @Override
    public String scheme() {
        return "vault";
    }

    @Override
    public String description() {
        return "HashiCorp Vault KV v1 or v2: vault:http(s)://HOST:8200/MOUNT[?prefix=P&kv=1|2|auto&namespace=NS"
                + "&auth=token|approle|kubernetes&role=R&ca=CA.pem]";
    }

    @Override
    public Optional<Constraints> constraints() {
        return Optional.of(VaultConstraints.of());
    }

    /**
     * On KV v2 (and where the version is detected, since v2 is what Vault mounts by default) a write
     * is the data and then its custom_metadata, with the version checked by check-and-set; on KV v1
     * a write reads the secret first, then writes it. A batch read gets each key.
     */
    @Override
    public CallCosts costs(ProviderSpec spec) {
        CallCosts.Calls write = "1".equals(spec.option("kv", "auto").trim())
                ? new CallCosts.Calls(1, 1) : new CallCosts.Calls(0, 2);
        return RateLimiter.adaptive(STORE, DEFAULT_RATES, spec).pace(CallCosts.unpaced(STORE)).writes(write, write);
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        if (!StandardCharsets.UTF_8.equals(Charset.defaultCharset())) {
            throw new IllegalArgumentException("the Vault driver turns Vault's answers into bytes with the platform charset, "
                    + Charset.defaultCharset() + " here, which would corrupt non-ASCII values read from " + spec
                    + "; run Java with -Dfile.encoding=UTF-8 (the default from Java 18 on)");
        }
        Map<String, String> environment = context.environment();
        VaultSettings settings = VaultSettings.from(spec, environment);
        RateLimiter limiter = RateLimiter.adaptive(STORE, DEFAULT_RATES, spec);
        try {
            EnvironmentLoader fromContext = new ContextEnvironment(environment);
            VaultConfig config = new VaultConfig()
                    .environmentLoader(fromContext)
                    .address(settings.address())
                    .openTimeout((int) settings.connectTimeout().toSeconds())
                    .readTimeout((int) settings.readTimeout().toSeconds());
            if (settings.caFile() != null) {
                Path ca = context.resolve(settings.caFile());
                if (!Files.isReadable(ca)) {
                    throw new IllegalArgumentException("the CA file " + ca + " given by ca= or VAULT_CACERT for " + spec
                            + " cannot be read; give a PEM file of the CA that signed Vault's certificate");
                }
                config.sslConfig(new SslConfig().verify(true).pemFile(ca.toFile()).build());
            }
            if (settings.namespace() != null) {
                config.nameSpace(settings.namespace());
            }
            config.build();
            HttpClient.Builder client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(settings.connectTimeout());
            if (config.getSslConfig().getSslContext() != null) {
                client.sslContext(config.getSslConfig().getSslContext());
            }
            config.httpClient(new RetryAfterRecorder(client.build()));
            Vault driver = Vault.create(config, 2).withRetries(0, 0);
            VaultCredentials credentials = new VaultCredentials(settings, environment, driver);
            return new VaultProvider(spec, settings, new VaultHttp(settings, config, credentials, limiter));
        } catch (VaultException e) {
            throw new IllegalArgumentException("cannot set up the Vault client for " + spec + ": " + e.getMessage()
                    + "; check the address and the CA file", e);
        }
    }

    /** The driver reads its settings from the provider's environment, never from the process's. */
    private static final class ContextEnvironment extends EnvironmentLoader {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, String> environment;

        ContextEnvironment(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public String loadVariable(String name) {
            return environment.get(name);
        }
    }
}
