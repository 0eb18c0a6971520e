package io.ferry.provider.kubernetes

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.kubernetes.KubernetesApiServer
import io.ferry.testkit.server.kubernetes.KubernetesEmulator
import java.nio.file.Files
import java.nio.file.Path

/**
 * The testkit's Kubernetes API server, reached as a user reaches {@code ferry emulate kubernetes}:
 * through the kubeconfig the emulator writes, with KUBECONFIG pointing at it.
 */
class EmulatorCluster implements Closeable {

    final KubernetesApiServer server
    final Path kubeconfig

    EmulatorCluster(ServerKnobs knobs = new ServerKnobs()) {
        server = new KubernetesApiServer(knobs)
        server.start(0)
        kubeconfig = Path.of(new KubernetesEmulator().environment(server).KUBECONFIG)
    }

    /** @return a context whose environment names the kubeconfig, and no home to find another in */
    ProviderContext context() {
        new ProviderContext(Path.of('.').toAbsolutePath(), [KUBECONFIG: kubeconfig.toString(), HOME: '/nonexistent-home-for-tests'],
                ProviderContext.PassphraseSource.none())
    }

    /** @return a provider over a namespace of the emulator */
    SecretProvider open(String namespace, Map<String, ?> options = [:]) {
        String query = options.collect { k, v -> "$k=$v" }.join('&')
        ProviderRegistry.load().open("k8s:$namespace" + (query ? "?$query" : ''), context())
    }

    @Override
    void close() {
        server.close()
        Files.deleteIfExists(kubeconfig)
    }
}
