package io.ferry.provider.kubernetes

import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import java.util.concurrent.atomic.AtomicInteger
import spock.lang.Shared

/**
 * The provider contract against the testkit's Kubernetes API server, the one {@code ferry emulate
 * kubernetes} runs, reached through the kubeconfig it writes; each feature works in a namespace of
 * its own.
 */
class KubernetesEmulatorContractSpec extends SecretProviderContract {

    @Shared
    EmulatorCluster cluster = new EmulatorCluster()
    @Shared
    AtomicInteger namespaces = new AtomicInteger()

    def cleanupSpec() {
        cluster.close()
    }

    /** Paced well above the default 50 a second: pacing has specs of its own, and the contract is long. */
    SecretProvider openProvider() {
        cluster.open("contract-${namespaces.incrementAndGet()}", ['rate.read': 500, 'rate.write': 500, 'rate.list': 500])
    }

    boolean supportsHistory() {
        false
    }

    boolean supportsIdempotencyTokens() {
        true
    }

    List<String> keptAttribute() {
        ['annotation.team', 'payments', 'billing']
    }

    List<String> unusualKeys() {
        ['dots.and-dashes', 'a', '0-leading-digit', 'a.b.c', 'x' * 253]
    }
}
