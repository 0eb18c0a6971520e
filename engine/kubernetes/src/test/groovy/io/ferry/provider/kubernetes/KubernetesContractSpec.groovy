package io.ferry.provider.kubernetes

import io.ferry.spi.SecretProvider
import spock.lang.Shared

/**
 * The provider contract against fabric8's mock API server in CRUD mode, through the proxy that
 * checks the bearer token.
 */
class KubernetesContractSpec extends KubernetesStoreContract {

    @Shared
    MockCluster cluster = new MockCluster()

    def cleanupSpec() {
        cluster.close()
    }

    SecretProvider openIn(String namespace, Map<String, Object> options) {
        cluster.open(namespace, options)
    }
}
