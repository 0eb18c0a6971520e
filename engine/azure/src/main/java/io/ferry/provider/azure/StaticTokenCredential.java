package io.ferry.provider.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import reactor.core.publisher.Mono;

/**
 * A bearer token given as is, from {@code AZURE_ACCESS_TOKEN}: for example the output of
 * {@code az account get-access-token --resource https://vault.azure.net --query accessToken -o tsv}, or
 * the token of a test server. The token is sent for every scope asked; when it expires the vault
 * refuses it and the adapter says to get a new one. Never printed.
 */
final class StaticTokenCredential implements TokenCredential {

    private final String token;

    StaticTokenCredential(String token) {
        this.token = token;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> getTokenSync(request));
    }

    /** The expiry is not known here; the hour only tells the SDK's cache when to ask again. */
    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return new AccessToken(token, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
    }

    @Override
    public String toString() {
        return "StaticTokenCredential[AZURE_ACCESS_TOKEN]";
    }
}
