package io.ferry.provider.kubernetes

import io.fabric8.kubernetes.client.KubernetesClient
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer
import io.fabric8.kubernetes.client.utils.Serialization
import io.fabric8.mockwebserver.Context
import io.fabric8.mockwebserver.MockWebServer
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.server.ServerKnobs
import java.nio.file.Path
import javax.net.ssl.SSLContext

/**
 * fabric8's mock API server in CRUD mode behind a {@link KubernetesApiProxy} that requires a bearer
 * token, and a client straight to the mock for looking at what the server holds.
 */
class MockCluster implements Closeable {

    /** The token the proxy accepts. */
    static final String TOKEN = 'mock-cluster-token-31b7'

    final KubernetesMockServer mock
    final KubernetesApiProxy proxy
    final KubernetesClient direct

    /**
     * @param knobs latency, faults and quotas of the proxy
     * @param tls the proxy's TLS context, or null for plain HTTP
     */
    MockCluster(ServerKnobs knobs = new ServerKnobs(), SSLContext tls = null) {
        def dispatcher = new KubernetesCrudDispatcher()
        mock = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), [:], dispatcher, false)
        mock.init(InetAddress.getLoopbackAddress(), 0)
        proxy = new KubernetesApiProxy(URI.create(mock.url('/')), knobs, tls, dispatcher::requestResourceVersion)
        proxy.start(0)
        proxy.requiredToken = TOKEN
        direct = mock.createClient()
    }

    /** @return an environment with the token and no kubeconfig to be found */
    static Map<String, String> environment(String token = TOKEN) {
        [KUBERNETES_TOKEN: token, HOME: '/nonexistent-home-for-tests']
    }

    /** @return a context over the environment */
    static ProviderContext context(Map<String, String> environment = environment()) {
        new ProviderContext(Path.of('.').toAbsolutePath(), environment, ProviderContext.PassphraseSource.none())
    }

    /** @return the URI of a namespace behind the proxy, with more options */
    String uri(String namespace, Map<String, ?> options = [:]) {
        "k8s:$namespace?server=${proxy.endpoint()}" + options.collect { k, v -> "&$k=$v" }.join('')
    }

    /** @return a provider over a namespace behind the proxy */
    SecretProvider open(String namespace, Map<String, ?> options = [:], Map<String, String> environment = environment()) {
        ProviderRegistry.load().open(uri(namespace, options), context(environment))
    }

    @Override
    void close() {
        direct.close()
        proxy.close()
        mock.destroy()
    }
}
