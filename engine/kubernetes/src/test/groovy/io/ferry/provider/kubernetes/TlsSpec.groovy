package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.ServerKnobs
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** An API server over HTTPS with a certificate from a private CA: verified by default, trusted through the ca option or the kubeconfig. */
class TlsSpec extends Specification {

    @Shared
    @TempDir
    Path dir

    @Shared
    TestCertificate certificate

    @Shared
    @AutoCleanup
    MockCluster cluster

    def setupSpec() {
        certificate = TestCertificate.create(dir)
        cluster = new MockCluster(new ServerKnobs(), certificate.serverContext)
    }

    def "an unknown CA is refused: TLS stays verified, and the error says to give the CA"() {
        given:
        def provider = ProviderRegistry.load().open(cluster.uri('tls'), MockCluster.context())

        when:
        def health = provider.health(false)
        provider.read('k')

        then:
        cluster.proxy.endpoint().scheme == 'https'
        !health.reachable()
        health.problems()[0].contains('ca=/path/to/ca.pem')
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.UNAVAILABLE
        !e.retryable()
        e.message.contains('TLS handshake')

        cleanup:
        provider?.close()
    }

    def "the ca option makes the provider trust the API server's CA"() {
        given:
        def provider = ProviderRegistry.load().open(cluster.uri('tls', [ca: certificate.pem]), MockCluster.context())

        when:
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.health(true).healthy()
        provider.read('k').get().value().text() == 'v'

        cleanup:
        provider?.close()
    }

    def "the kubeconfig's certificate-authority is trusted too"() {
        given:
        def kubeconfig = dir.resolve('kubeconfig')
        Files.writeString(kubeconfig, """\
            apiVersion: v1
            kind: Config
            current-context: tls
            clusters:
            - name: tls
              cluster:
                server: ${cluster.proxy.endpoint()}
                certificate-authority: ${certificate.pem}
            users:
            - name: u
              user:
                token: ${MockCluster.TOKEN}
            contexts:
            - name: tls
              context:
                cluster: tls
                user: u
            """.stripIndent())
        def provider = ProviderRegistry.load().open('k8s:tls', MockCluster.context([KUBECONFIG: kubeconfig.toString(), HOME: dir.toString()]))

        expect:
        provider.health(false).healthy()

        cleanup:
        provider?.close()
    }
}
