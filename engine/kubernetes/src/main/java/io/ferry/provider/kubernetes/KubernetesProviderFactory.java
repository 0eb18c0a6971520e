package io.ferry.provider.kubernetes;

import io.ferry.spi.CallCosts;
import io.ferry.spi.Constraints;
import io.ferry.spi.PlainHttp;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.pacing.RateLimiter;
import java.net.URI;
import java.util.Optional;

/**
 * Opens {@link KubernetesProvider}s for the scheme {@code kubernetes}: the URI
 * {@code kubernetes:NAMESPACE?context=NAME&kubeconfig=PATH&server=URL&ca=PEM&tokenFile=PATH&prefix=P&labelSelector=S}
 * or the runbook call {@code kubernetes(namespace: 'payments', context: 'prod')}. {@link K8sProviderFactory}
 * opens the same provider under the short scheme {@code k8s}.
 */
public class KubernetesProviderFactory implements ProviderFactory {

    private final String scheme;

    /** Creates the factory of scheme {@code kubernetes}; no work happens until {@link #open}. */
    public KubernetesProviderFactory() {
        this("kubernetes");
    }

    /** @param scheme the scheme this factory claims */
    protected KubernetesProviderFactory(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String description() {
        return "Kubernetes Secrets in one namespace: " + scheme + ":NAMESPACE[?context=NAME&prefix=app-&labelSelector=...]"
                + " (kubeconfig, in-cluster service account, or server + KUBERNETES_TOKEN)";
    }

    @Override
    public Optional<Constraints> constraints() {
        return Optional.of(KubernetesConstraints.of());
    }

    /**
     * A create or an update is one call (an update names the resourceVersion it expects); a batch read
     * is counted as a get a key, which is what it costs at most.
     */
    @Override
    public CallCosts costs(ProviderSpec spec) {
        return RateLimiter.adaptive(KubernetesProvider.STORE, KubernetesProvider.defaultRates(), spec)
                .pace(CallCosts.unpaced(KubernetesProvider.STORE));
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        KubernetesSettings options = KubernetesSettings.of(spec);
        ClusterConnection connection = ClusterConnection.open(options, context);
        try {
            // The server as the kubeconfig, the cluster or the server option gave it.
            PlainHttp.check(URI.create(connection.endpoint()), spec, "server");
        } catch (IllegalArgumentException e) {
            connection.client().close();
            throw e;
        }
        return new KubernetesProvider(spec, options, connection);
    }
}
