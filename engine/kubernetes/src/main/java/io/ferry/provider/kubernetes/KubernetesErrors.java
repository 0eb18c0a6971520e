package io.ferry.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Translates the API server's answers into {@link ProviderException}s whose messages name the
 * namespace, the Secret, the status code with its reason, and the fix. The server's message
 * and the client's are never quoted: an admission webhook or a proxy may echo the request, data
 * values included.
 */
final class KubernetesErrors {

    /** The wait a 429 asks for when it says nothing, as the API server's default Retry-After. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private static final String STORE = "Kubernetes Secrets";

    /** The API's status reasons; any other text in a Status's reason is not quoted. */
    private static final Set<String> REASONS = Set.of("BadRequest", "Unauthorized", "Forbidden", "NotFound", "AlreadyExists",
            "Conflict", "Gone", "Invalid", "ServerTimeout", "Timeout", "TooManyRequests", "MethodNotAllowed",
            "NotAcceptable", "RequestEntityTooLarge", "UnsupportedMediaType", "InternalError", "Expired", "ServiceUnavailable");

    private final String endpoint;
    private final String namespace;
    private final String credentials;

    /**
     * @param endpoint the API server's URL
     * @param namespace the namespace
     * @param credentials where the credentials came from
     */
    KubernetesErrors(String endpoint, String namespace, String credentials) {
        this.endpoint = endpoint;
        this.namespace = namespace;
        this.credentials = credentials;
    }

    /**
     * @param e what the client threw
     * @param verb the RBAC verb of the call (get, list, watch, create, update, delete)
     * @param name the Secret's name, or null for a listing
     * @param key the record's key, or null
     * @return the classified failure
     */
    ProviderException map(RuntimeException e, String verb, String name, String key) {
        String what = STORE + " " + namespace + (name == null ? "" : "/" + name);
        if (!(e instanceof KubernetesClientException kce) || kce.getCode() <= 0) {
            return unreachable(e, what, key);
        }
        int code = kce.getCode();
        String given = kce.getStatus() == null ? null : kce.getStatus().getReason();
        String reason = given != null && REASONS.contains(given) ? given : null;
        return switch (code) {
            case 401 -> new ProviderException(Kind.DENIED, key, what + ": the API server at " + endpoint
                    + " refused the credentials from " + credentials + " (401 Unauthorized); they are missing, wrong or "
                    + "expired: refresh them (kubectl get secrets -n " + namespace + " should work) or set "
                    + ClusterConnection.TOKEN_VARIABLE, e);
            case 403 -> new ProviderException(Kind.DENIED, key, what + ": the API server at " + endpoint + " forbids '"
                    + verb + "' on secrets in namespace " + namespace + " for " + credentials + " (403 Forbidden); "
                    + "grant the RBAC verbs get, list, watch, create, update and delete on secrets (check with kubectl auth "
                    + "can-i " + verb + " secrets -n " + namespace + ")", e);
            case 404 -> new ProviderException(Kind.NOT_FOUND, key, what + " was not found"
                    + ("create".equals(verb) ? "; the namespace may not exist: create it with kubectl create namespace "
                    + namespace : ""), e);
            case 409 -> "create".equals(verb) || "AlreadyExists".equals(reason)
                    ? new ProviderException(Kind.EXISTS, key, what + " exists already; write it with onExisting "
                            + "'update', or delete it first", e)
                    : new ProviderException(Kind.CONFLICT, key, what + " was changed by someone else meanwhile "
                            + "(409 Conflict); plan again to see its current version", e);
            case 400, 413, 422 -> new ProviderException(Kind.INVALID, key, what + ": the API server refused it ("
                    + code + (reason == null ? "" : " " + reason) + ")"
                    + "; fix the record (name, labels, annotations, type, size) and write it again", e);
            case 429 -> new ProviderException(Kind.THROTTLED, key, what + ": the API server at " + endpoint
                    + " is throttling requests (429, API priority and fairness); slowing down and retrying, or lower "
                    + "rate.read, rate.write or rate.list", true, retryAfter(kce.getStatus()), e);
            default -> code >= 500
                    ? new ProviderException(Kind.UNAVAILABLE, key, what + ": the API server at " + endpoint + " failed ("
                            + code + (reason == null ? "" : " " + reason) + "); retry later, or check the cluster's "
                            + "control plane", true, null, e)
                    : new ProviderException(Kind.INVALID, key, what + ": unexpected answer " + code
                            + (reason == null ? "" : " " + reason) + " from the API server at " + endpoint, e);
        };
    }

    private ProviderException unreachable(RuntimeException e, String what, String key) {
        if (causedBy(e, InterruptedException.class) || Thread.currentThread().isInterrupted()) {
            return new ProviderException(Kind.UNAVAILABLE, key, what + ": interrupted while talking to the API server at "
                    + endpoint + "; run again or resume to continue", false, null, e);
        }
        SSLException tls = cause(e, SSLException.class);
        if (tls != null) {
            return new ProviderException(Kind.UNAVAILABLE, key, what + ": the TLS handshake with the API server at "
                    + endpoint + " failed (" + tls.getClass().getSimpleName() + "); if its "
                    + "certificate is signed by a private CA, give that CA with the ca option (?ca=/path/to/ca.pem) or "
                    + "the kubeconfig's certificate-authority", false, null, e);
        }
        IOException io = cause(e, IOException.class);
        String detail = io == null ? e.getClass().getSimpleName()
                : io instanceof InterruptedIOException ? "timed out" : io.getClass().getSimpleName();
        return new ProviderException(Kind.UNAVAILABLE, key, what + ": could not reach the API server at " + endpoint
                + " (" + detail + "); check the server URL (kubeconfig cluster or the server option), the network or "
                + "VPN, and that the cluster is up", true, null, e);
    }

    private static Duration retryAfter(Status status) {
        if (status != null && status.getDetails() != null && status.getDetails().getRetryAfterSeconds() != null
                && status.getDetails().getRetryAfterSeconds() > 0) {
            return Duration.ofSeconds(status.getDetails().getRetryAfterSeconds());
        }
        return DEFAULT_RETRY_AFTER;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        return cause(e, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
