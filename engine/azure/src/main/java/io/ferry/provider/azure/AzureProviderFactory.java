package io.ferry.provider.azure;

import io.ferry.spi.CallCosts;
import io.ferry.spi.Constraints;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.pacing.RateLimiter;
import java.util.Optional;

/**
 * Opens {@link AzureProvider}s for {@code azure:https://NAME.vault.azure.net[?prefix=P&ca=FILE&purgeOnDelete=true]}
 * and the DSL's {@code azure(vault: ..., prefix: ...)}; see {@link AzureSettings} for the options.
 * Credentials: {@code AZURE_ACCESS_TOKEN} from the context's environment when set, otherwise
 * DefaultAzureCredential (in {@code AZURE_TENANT_ID} when set).
 */
public final class AzureProviderFactory implements ProviderFactory {

    /** Creates the factory; no work happens until {@link #open}. */
    public AzureProviderFactory() {
    }

    @Override
    public String scheme() {
        return "azure";
    }

    @Override
    public String description() {
        return "Azure Key Vault secrets: azure:https://NAME.vault.azure.net[?prefix=P&ca=CA.pem&purgeOnDelete=true], "
                + "credentials from AZURE_ACCESS_TOKEN or DefaultAzureCredential";
    }

    @Override
    public Optional<Constraints> constraints() {
        return Optional.of(AzureConstraints.of());
    }

    /**
     * Every write reads the secret first (its version and write token), then sets it; a batch read
     * gets each key.
     */
    @Override
    public CallCosts costs(ProviderSpec spec) {
        CallCosts.Calls readThenSet = new CallCosts.Calls(1, 1);
        return RateLimiter.of(AzureProvider.STORE, AzureProvider.defaultRates(), spec)
                .pace(CallCosts.unpaced(AzureProvider.STORE)).writes(readThenSet, readThenSet);
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        AzureSettings settings = AzureSettings.of(spec, context);
        RateLimiter limiter = RateLimiter.of(AzureProvider.STORE, AzureProvider.defaultRates(), spec);
        return new AzureProvider(spec, settings, AzureClients.secretClient(settings, context.environment()), limiter);
    }
}
