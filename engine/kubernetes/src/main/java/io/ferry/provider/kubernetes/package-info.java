/**
 * The Kubernetes Secrets adapter, over the fabric8 client: the {@code k8s} and {@code kubernetes}
 * provider schemes, the credential chain (kubeconfig, in-cluster service account, overrides), the
 * mapping between Secrets and records, the change feed over watch events, and the translation of the
 * API server's errors.
 */
package io.ferry.provider.kubernetes;
