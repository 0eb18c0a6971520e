package io.ferry.provider.kubernetes;

/**
 * The scheme {@code k8s}, the short name of {@code kubernetes}, so that a runbook may write
 * {@code k8s(namespace: 'payments')}. It opens the same provider with the same options.
 */
public final class K8sProviderFactory extends KubernetesProviderFactory {

    /** Creates the factory of scheme {@code k8s}; no work happens until {@link #open}. */
    public K8sProviderFactory() {
        super("k8s");
    }
}
