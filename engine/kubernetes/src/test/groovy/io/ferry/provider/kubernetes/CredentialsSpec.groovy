package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.ProviderSpec
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** Where the provider finds its cluster and credentials, and the two schemes and two forms it is opened with. */
class CredentialsSpec extends Specification {

    @Shared
    @AutoCleanup
    MockCluster cluster = new MockCluster()

    @TempDir
    Path dir

    Path kubeconfig(String name = 'config') {
        def file = dir.resolve(name)
        Files.writeString(file, """\
            apiVersion: v1
            kind: Config
            current-context: good
            clusters:
            - name: mock
              cluster:
                server: ${cluster.proxy.endpoint()}
            users:
            - name: good-user
              user:
                token: ${MockCluster.TOKEN}
            - name: bad-user
              user:
                token: expired-token
            contexts:
            - name: good
              context:
                cluster: mock
                user: good-user
                namespace: from-context
            - name: bad
              context:
                cluster: mock
                user: bad-user
            """.stripIndent())
        file
    }

    def "the kubeconfig named by KUBECONFIG in the context's environment is used, at its current context and namespace"() {
        given:
        def provider = ProviderRegistry.load().open('k8s:', MockCluster.context([KUBECONFIG: kubeconfig().toString(), HOME: dir.toString()]))

        when:
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        cluster.direct.secrets().inNamespace('from-context').withName('k').get() != null

        cleanup:
        provider?.close()
    }

    def "~/.kube/config under HOME is the fallback"() {
        given:
        Files.createDirectories(dir.resolve('.kube'))
        Files.move(kubeconfig(), dir.resolve('.kube/config'))
        def provider = ProviderRegistry.load().open('k8s:home-ns', MockCluster.context([HOME: dir.toString()]))

        expect:
        provider.health(false).healthy()
        provider.health(false).endpoint().contains('home-ns')

        cleanup:
        provider?.close()
    }

    def "the context option picks a context, whose refused credentials are DENIED and named"() {
        given:
        def provider = ProviderRegistry.load().open("k8s:ns?context=bad&kubeconfig=${kubeconfig()}", MockCluster.context([HOME: dir.toString()]))

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        e.message.contains("context 'bad'")

        cleanup:
        provider?.close()
    }

    def "KUBERNETES_TOKEN overrides the kubeconfig's credentials"() {
        given:
        def env = [KUBECONFIG: kubeconfig().toString(), HOME: dir.toString(), KUBERNETES_TOKEN: MockCluster.TOKEN]
        def provider = ProviderRegistry.load().open('k8s:ns?context=bad', MockCluster.context(env))

        expect:
        provider.read('missing').isEmpty()

        cleanup:
        provider?.close()
    }

    def "an unknown context is a store that cannot be used as configured (DENIED, exit 6), with the contexts there are"() {
        when:
        ProviderRegistry.load().open("k8s:ns?context=prod&kubeconfig=${kubeconfig()}", MockCluster.context([HOME: dir.toString()]))

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        !e.retryable()
        e.message.contains("context 'prod'") && e.message.contains('[good, bad]')
    }

    def "the ca option becomes the client's CA and TLS stays verified"() {
        given:
        def ca = dir.resolve('ca.pem')
        Files.writeString(ca, 'PEM')
        def options = KubernetesSettings.of(ProviderSpec.parse("k8s:ns?server=https://api.example.com:6443&ca=$ca"))
        def connection = ClusterConnection.open(options, MockCluster.context())

        expect:
        connection.client().configuration.caCertFile == ca.toString()
        !connection.client().configuration.trustCerts
        connection.client().configuration.requestRetryBackoffLimit == 0
        connection.endpoint() == 'https://api.example.com:6443'

        cleanup:
        connection?.client()?.close()
    }

    def "a plain http server that is not loopback is refused, from the option or the kubeconfig, unless insecureHttp=true"() {
        given:
        def kubeconfig = dir.resolve('remote-config')
        Files.writeString(kubeconfig, '''
            apiVersion: v1
            kind: Config
            clusters:
            - name: remote
              cluster:
                server: http://10.0.0.9:8080
            contexts:
            - name: remote
              context: {cluster: remote, user: u, namespace: ns}
            current-context: remote
            users:
            - name: u
              user: {token: t}
            '''.stripIndent())
        def registry = ProviderRegistry.load()

        when:
        registry.open("k8s:ns?server=http://10.0.0.9:8080", MockCluster.context())

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'server http://10.0.0.9:8080 in k8s:ns?server=http://10.0.0.9:8080 is plain http:// to a host that is ' +
                'not loopback, so credentials and values would cross the network unencrypted; use https://, or add ' +
                'insecureHttp=true to accept it'

        when:
        registry.open("k8s:ns?kubeconfig=$kubeconfig", MockCluster.context())

        then:
        def fromKubeconfig = thrown(IllegalArgumentException)
        fromKubeconfig.message.startsWith('server http://10.0.0.9:8080 in k8s:ns?kubeconfig=')

        when:
        def accepted = registry.open("k8s:ns?server=http://10.0.0.9:8080&insecureHttp=true", MockCluster.context())

        then:
        accepted != null

        cleanup:
        accepted?.close()
    }

    def "both schemes, k8s and kubernetes, open the provider from a URI or a runbook's provider call"() {
        given:
        def registry = ProviderRegistry.load()
        def fromUri = registry.open(cluster.uri('schemes'), MockCluster.context())
        def fromDsl = registry.open(new ProviderSpec('kubernetes', null, [namespace: 'schemes', server: cluster.proxy.endpoint().toString()]),
                MockCluster.context())

        when:
        fromUri.write(SecretRecord.ofText('shared', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        registry.schemes().containsAll(['k8s', 'kubernetes'])
        fromDsl.read('shared').get().value().text() == 'v'
        fromDsl.spec().scheme() == 'kubernetes'

        cleanup:
        fromUri?.close()
        fromDsl?.close()
    }
}
