package io.ferry.provider.kubernetes;

import io.ferry.spi.PlainHttp;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import java.net.URI;

/**
 * Opens {@link KubernetesProvider}s for the scheme {@code k8s}: the URI
 * {@code k8s:NAMESPACE?context=NAME&kubeconfig=PATH&server=URL&ca=PEM&tokenFile=PATH&prefix=P&labelSelector=S}
 * or the runbook call {@code k8s(namespace: 'payments', context: 'prod')}. {@link KubernetesProviderFactory}
 * opens the same provider under the scheme {@code kubernetes}.
 */
public class K8sProviderFactory implements ProviderFactory {

    private final String scheme;

    /** Creates the factory of scheme {@code k8s}; no work happens until {@link #open}. */
    public K8sProviderFactory() {
        this("k8s");
    }

    /** @param scheme the scheme this factory claims */
    protected K8sProviderFactory(String scheme) {
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
