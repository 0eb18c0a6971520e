package io.ferry.provider.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.json.JsonSerializable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns what the Azure SDK throws into {@link ProviderException}s whose messages name the vault, the
 * key, Key Vault's error code ({@code error.code} and {@code innererror.code} of its error body) and
 * the fix. The service's message and the SDK's are read to classify, never quoted: either may echo
 * the request, value included.
 */
final class AzureErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shape of an error code, such as {@code SecretNotFound} or {@code HTTP404}. */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z][A-Za-z0-9]{0,99}");

    private final String vault;

    /** @param vault the vault's URL, for messages */
    AzureErrors(String vault) {
        this.vault = vault;
    }

    /**
     * Key Vault's answer to a refused request.
     *
     * @param status the HTTP status
     * @param code the error code, such as {@code SecretNotFound}
     * @param innerCode the inner error's code, such as {@code ObjectIsDeletedButRecoverable}, or null
     * @param message the service's message
     */
    record Refusal(int status, String code, String innerCode, String message) {

        boolean is(String errorCode) {
            return errorCode.equalsIgnoreCase(code) || errorCode.equalsIgnoreCase(innerCode);
        }
    }

    /**
     * @param e what the SDK threw
     * @param key the key concerned, or null
     * @return the provider exception
     */
    ProviderException map(RuntimeException e, String key) {
        if (e instanceof ProviderException p) {
            return p;
        }
        if (e instanceof HttpResponseException h && h.getResponse() != null) {
            return refused(refusal(h), h, key);
        }
        return failed(e, key);
    }

    /**
     * @param e a provider exception this class made
     * @return Key Vault's refusal behind it, or null when the vault did not answer
     */
    static Refusal refusalOf(ProviderException e) {
        return e.getCause() instanceof HttpResponseException h && h.getResponse() != null ? refusal(h) : null;
    }

    private ProviderException refused(Refusal r, HttpResponseException cause, String key) {
        String what = key == null ? vault : "'" + key + "' in " + vault;
        String said = " (" + r.status() + " " + quotable(r.code())
                + (r.innerCode() == null ? "" : "/" + quotable(r.innerCode())) + ")";
        return switch (r.status()) {
            case 400 -> new ProviderException(Kind.INVALID, key, "Azure Key Vault refused " + what + said
                    + "; names are 1-127 ASCII letters, digits and -, values at most 25,600 bytes, at most 15 tags",
                    cause);
            case 401 -> new ProviderException(Kind.DENIED, key, "Azure Key Vault " + vault + " did not accept the "
                    + "credential" + said + "; " + (r.message().contains("TokenExpired") || r.message().contains("expired")
                    ? "the access token expired: get a new one (az account get-access-token --resource https://vault.azure.net)"
                    : "check AZURE_ACCESS_TOKEN, or the DefaultAzureCredential chain (az login, AZURE_CLIENT_ID, "
                    + "AZURE_TENANT_ID and AZURE_CLIENT_SECRET, managed identity) and AZURE_TENANT_ID"), cause);
            case 403 -> r.is("SecretDisabled")
                    ? new ProviderException(Kind.DENIED, key, "Azure Key Vault will not give the value of " + what
                    + ": the secret is disabled" + said + "; enable it (az keyvault secret set-attributes --enabled true) "
                    + "or leave it out", cause)
                    : new ProviderException(Kind.DENIED, key, "Azure Key Vault " + vault + " does not allow this for "
                    + (key == null ? "this identity" : "'" + key + "'") + said + "; grant the identity the secret "
                    + "permissions it needs (get, list, set, delete, recover, purge) in the vault's access policy, or an "
                    + "RBAC role such as Key Vault Secrets Officer", cause);
            case 404 -> new ProviderException(Kind.NOT_FOUND, key, "no secret " + what + said, cause);
            case 409 -> conflict(r, cause, key, what, said);
            case 429 -> new ProviderException(Kind.THROTTLED, key, "Azure Key Vault " + vault + " throttled the request"
                    + said + "; lower rate.read, rate.write or rate.list if it keeps happening", true,
                    retryAfter(cause.getResponse()), cause);
            default -> r.status() >= 500
                    ? new ProviderException(Kind.UNAVAILABLE, key, "Azure Key Vault " + vault + " failed" + said
                    + "; retry later, and check https://status.azure.com if it persists", true, retryAfter(cause.getResponse()), cause)
                    : new ProviderException(Kind.INVALID, key, "Azure Key Vault refused " + what + said, cause);
        };
    }

    private ProviderException conflict(Refusal r, HttpResponseException cause, String key, String what, String said) {
        if (r.is("ObjectIsDeletedButRecoverable") || r.message().contains("deleted but recoverable")) {
            return new ProviderException(Kind.CONFLICT, key, "the name of " + what + " is held by a deleted but "
                    + "recoverable secret" + said + "; recover it or purge it first (planning { onSoftDeleted 'recover' } "
                    + "or 'purge' in a runbook, or az keyvault secret recover / purge)", cause);
        }
        if (r.message().contains("being deleted")) {
            return new ProviderException(Kind.CONFLICT, key, what + " is still being deleted" + said
                    + "; wait a few seconds and retry", true, Duration.ofSeconds(1), cause);
        }
        return new ProviderException(Kind.CONFLICT, key, "Azure Key Vault reports a conflict on " + what + said
                + "; read it again and retry", cause);
    }

    private ProviderException failed(RuntimeException e, String key) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // The credential chain fails before any request is sent; its causes (a managed-identity
            // endpoint that does not answer, say) are not the vault's.
            if (t instanceof ClientAuthenticationException || t.getClass().getName().startsWith("com.azure.identity.")) {
                return new ProviderException(Kind.DENIED, key, "no Azure credential for " + vault + " ("
                        + t.getClass().getSimpleName() + "); sign in with az login, set AZURE_CLIENT_ID, AZURE_TENANT_ID "
                        + "and AZURE_CLIENT_SECRET, run with a managed identity, or set AZURE_ACCESS_TOKEN to a token "
                        + "for https://vault.azure.net", e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
                return new ProviderException(Kind.UNAVAILABLE, key, "could not verify the TLS certificate of Azure Key "
                        + "Vault " + vault + " (" + t.getClass().getSimpleName() + "); if the vault presents a certificate from a "
                        + "private CA, give that CA with ca=/path/to/ca.pem (TLS is always verified)", false, null, e);
            }
            if (t instanceof UnknownHostException) {
                return new ProviderException(Kind.UNAVAILABLE, key, "cannot resolve the host of Azure Key Vault " + vault
                        + "; check the vault's name or URL and DNS", false, null, e);
            }
            if (t instanceof ConnectException || t instanceof HttpTimeoutException) {
                return unreachable(e, key, t);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return unreachable(e, key, t);
            }
        }
        return new ProviderException(Kind.UNAVAILABLE, key, "Azure Key Vault " + vault + " could not be used ("
                + e.getClass().getSimpleName() + "); check the vault URL and the network", e);
    }

    private ProviderException unreachable(RuntimeException e, String key, Throwable why) {
        return new ProviderException(Kind.UNAVAILABLE, key, "could not reach Azure Key Vault " + vault + " ("
                + why.getClass().getSimpleName() + "); check the vault URL, the network, firewall and proxy, and the vault's network rules", true, null, e);
    }

    /** An error code ({@code SecretNotFound}) as it is; anything else the body holds in its place is not quoted. */
    private static String quotable(String code) {
        return ERROR_CODE.matcher(code).matches() ? code : "no error code";
    }

    private static Refusal refusal(HttpResponseException h) {
        int status = h.getResponse().getStatusCode();
        JsonNode body = body(h);
        JsonNode error = body == null ? null : body.path("error");
        if (error == null || error.isMissingNode()) {
            return new Refusal(status, "HTTP" + status, null, "no error details");
        }
        String inner = error.path("innererror").path("code").asText(null);
        return new Refusal(status, error.path("code").asText("HTTP" + status), inner, error.path("message").asText(""));
    }

    private static JsonNode body(HttpResponseException h) {
        try {
            Object value = h.getValue();
            if (value instanceof JsonSerializable<?> serializable) {
                return JSON.readTree(serializable.toJsonString());
            }
            if (value instanceof String s) {
                return JSON.readTree(s);
            }
            String message = h.getMessage();
            int start = message == null ? -1 : message.indexOf('{');
            int end = message == null ? -1 : message.lastIndexOf('}');
            return start >= 0 && end > start ? JSON.readTree(message.substring(start, end + 1)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Duration retryAfter(HttpResponse response) {
        String header = response.getHeaderValue("Retry-After");
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
