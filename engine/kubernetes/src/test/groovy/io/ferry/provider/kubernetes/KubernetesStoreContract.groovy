package io.ferry.provider.kubernetes

import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import java.util.concurrent.atomic.AtomicInteger
import spock.lang.Shared

/**
 * The provider contract for the Kubernetes adapter, whichever API server it talks to: what a
 * Kubernetes Secret keeps, and a namespace of its own for each feature.
 */
abstract class KubernetesStoreContract extends SecretProviderContract {

    @Shared
    AtomicInteger namespaces = new AtomicInteger()

    /**
     * @param namespace the namespace to open
     * @param options the adapter's URI options
     * @return the adapter over that namespace of the API server under test
     */
    abstract SecretProvider openIn(String namespace, Map<String, Object> options)

    /** Paced well above the default 50 a second: pacing has specs of its own, and the contract is long. */
    SecretProvider openProvider() {
        openIn("contract-${namespaces.incrementAndGet()}", ['rate.read': 500, 'rate.write': 500, 'rate.list': 500])
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
