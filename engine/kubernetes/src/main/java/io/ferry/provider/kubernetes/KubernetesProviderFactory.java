package io.ferry.provider.kubernetes;

/**
 * The scheme {@code kubernetes}, the long name of {@code k8s}, so that a runbook may write
 * {@code kubernetes(namespace: 'payments')}. It opens the same provider with the same options.
 */
public final class KubernetesProviderFactory extends K8sProviderFactory {

    /** Creates the factory of scheme {@code kubernetes}; no work happens until {@link #open}. */
    public KubernetesProviderFactory() {
        super("kubernetes");
    }
}
