package io.ferry.provider.kubernetes

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.SecretProviderContract
import spock.lang.Requires

/**
 * The provider contract against a real cluster, run only with {@code -Plive} and
 * {@code FERRY_LIVE_K8S_NAMESPACE=NAME} (and {@code FERRY_LIVE_K8S_CONTEXT} for another kubeconfig
 * context than the current one). The identity needs get, list, create, update and delete on secrets
 * in that namespace. Each feature works under its own random name prefix and deletes what it wrote.
 */
@Requires({ System.getenv('FERRY_LIVE_K8S_NAMESPACE') })
class KubernetesLiveSpec extends SecretProviderContract {

    SecretProvider openProvider() {
        def prefix = 'ferry-live-' + UUID.randomUUID().toString().substring(0, 8) + '-'
        def context = System.getenv('FERRY_LIVE_K8S_CONTEXT') ? "&context=${System.getenv('FERRY_LIVE_K8S_CONTEXT')}" : ''
        ProviderRegistry.load().open("k8s:${System.getenv('FERRY_LIVE_K8S_NAMESPACE')}?prefix=$prefix$context",
                ProviderContext.system())
    }

    def cleanup() {
        provider?.stream('', 100)?.toList()?.each { provider.delete(it.key(), null) }
    }

    boolean supportsHistory() {
        false
    }

    boolean supportsIdempotencyTokens() {
        true
    }

    List<String> unusualKeys() {
        ['dots.and-dashes', 'a', '0-leading-digit', 'a.b.c']
    }
}
