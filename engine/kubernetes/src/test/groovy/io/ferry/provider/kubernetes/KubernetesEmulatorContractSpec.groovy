package io.ferry.provider.kubernetes

import io.ferry.spi.SecretProvider
import spock.lang.Shared

/**
 * The provider contract against the testkit's Kubernetes API server, the one {@code ferry emulate
 * kubernetes} runs, reached through the kubeconfig it writes.
 */
class KubernetesEmulatorContractSpec extends KubernetesStoreContract {

    @Shared
    EmulatorCluster cluster = new EmulatorCluster()

    def cleanupSpec() {
        cluster.close()
    }

    SecretProvider openIn(String namespace, Map<String, Object> options) {
        cluster.open(namespace, options)
    }
}
