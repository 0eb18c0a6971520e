package io.ferry.provider.kubernetes

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** Records and settings the cluster would refuse: each gets one clear error naming the thing and the fix, and loses nothing. */
class BadInputSpec extends Specification {

    @Shared
    @AutoCleanup
    MockCluster cluster = new MockCluster()
    static int namespaces

    @TempDir
    Path dir

    String namespace
    SecretProvider provider

    def setup() {
        namespace = "bad-${namespaces++}"
        provider = cluster.open(namespace)
    }

    def cleanup() {
        provider?.close()
        cluster.proxy.requiredToken = MockCluster.TOKEN
        cluster.proxy.forbidden = [] as Set
    }

    def namesOnServer() {
        cluster.direct.secrets().inNamespace(namespace).list().items*.metadata*.name
    }

    ProviderException failure(Closure<?> action) {
        try {
            action()
        } catch (ProviderException e) {
            return e
        }
        null
    }

    def "the name '#key' is refused before anything is sent: #rule"() {
        when:
        def e = failure { provider.write(SecretRecord.ofText(key, 'v'), WriteCondition.upsert(), WriteOptions.none()) }

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.key() == key
        e.message.contains(rule)
        e.message.contains(namespace)
        namesOnServer().isEmpty()
        provider.constraints().violations(SecretRecord.ofText(key, 'v'), 1)

        where:
        key            | rule
        'Upper'        | 'DNS subdomain'
        'under_score'  | 'DNS subdomain'
        'trailing-'    | 'DNS subdomain'
        'a..b'         | 'DNS subdomain'
        'a/b'          | 'DNS subdomain'
        'x' * 254      | 'at most 253'
    }

    def "a value over 1 MiB is refused with the limit, and the Secret keeps its value"() {
        given:
        provider.write(SecretRecord.ofText('big', 'small'), WriteCondition.upsert(), WriteOptions.none())

        when:
        def e = failure {
            provider.write(SecretRecord.builder('big').value(SecretValue.ofBytes(new byte[1024 * 1024 + 1])).build(),
                    WriteCondition.upsert(), WriteOptions.none())
        }

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains('1048577 bytes') && e.message.contains('1048576')
        provider.read('big').get().value().text() == 'small'
    }

    def "tags that are not valid labels are refused, each named: #what"() {
        when:
        def e = failure { provider.write(SecretRecord.builder('k').text('v').tags(tags).build(), WriteCondition.upsert(), WriteOptions.none()) }

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains(named)
        namesOnServer().isEmpty()

        where:
        what                    | tags                                || named
        'a value of 64 chars'   | [env: 'x' * 64]                     || "tag 'env' has a value"
        'a space in the value'  | [owner: 'Jane Doe']                 || "tag 'owner' has a value"
        'a space in the name'   | ['cost center': 'a']                || "tag 'cost center' is not a valid label name"
        'a bad name prefix'     | ['Example.com/team': 'a']           || "tag 'Example.com/team' is not a valid label name"
    }

    def "a hundred tags are kept, since labels have no count limit"() {
        given:
        def tags = (0..<100).collectEntries { ["tag-$it" as String, "v$it" as String] }

        when:
        provider.write(SecretRecord.builder('many').text('v').tags(tags).build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('many').get().tags() == tags
    }

    def "annotations over 256 KiB in all are refused"() {
        when:
        def e = failure {
            provider.write(SecretRecord.builder('k').text('v').attribute('annotation.note', 'x' * 300_000).build(),
                    WriteCondition.upsert(), WriteOptions.none())
        }

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains('annotations take')
    }

    def "an unreachable API server fails the health check at once, naming the URL and what to check"() {
        given:
        def port = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        def down = ProviderRegistry.load().open("k8s:ns?server=http://127.0.0.1:$port&rate.attempts=2", MockCluster.context())

        when:
        def health = down.health(true)
        def readFailure = failure { down.read('k') }
        def writeFailure = failure { down.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none()) }

        then:
        !health.healthy()
        !health.reachable()
        health.problems().size() == 1
        health.problems()[0].contains("http://127.0.0.1:$port")
        health.problems()[0].contains('check the server URL')
        readFailure.kind() == ProviderException.Kind.UNAVAILABLE
        readFailure.retryable()
        readFailure.message.contains("http://127.0.0.1:$port")
        writeFailure.kind() == ProviderException.Kind.UNAVAILABLE

        cleanup:
        down?.close()
    }

    def "a wrong token is DENIED with the fix, in health and in calls, and nothing is written"() {
        given:
        def wrong = cluster.open(namespace, [:], MockCluster.environment('not-the-token'))

        when:
        def health = wrong.health(false)
        def e = failure { wrong.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none()) }

        then:
        health.reachable()
        !health.authenticated()
        health.problems()[0].contains('401')
        e.kind() == ProviderException.Kind.DENIED
        e.key() == 'k'
        e.message.contains('KUBERNETES_TOKEN') && e.message.contains('expired')
        namesOnServer().isEmpty()

        cleanup:
        wrong?.close()
    }

    def "RBAC that forbids a verb is DENIED with the verb to grant, and health says which check failed"() {
        when: 'listing is forbidden'
        cluster.proxy.forbidden = [Operation.LIST] as Set
        def noList = provider.health(false)

        then:
        noList.reachable() && noList.authenticated()
        !noList.canList()
        noList.problems()[0].contains("forbids 'list'") && noList.problems()[0].contains('kubectl auth can-i list secrets -n ' + namespace)

        when: 'writing is forbidden'
        cluster.proxy.forbidden = [Operation.WRITE] as Set
        def noWrite = provider.health(true)
        def e = failure { provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.createOnly(), WriteOptions.none()) }

        then:
        noWrite.canList()
        noWrite.canWrite() == false
        !noWrite.healthy()
        e.kind() == ProviderException.Kind.DENIED
        e.message.contains("forbids 'create'")
        namesOnServer().isEmpty()
    }

    def "missing credentials are DENIED, and so is no cluster at all or a kubeconfig option naming no file, saying what to set"() {
        given:
        def anonymous = cluster.open(namespace, [:], [HOME: dir.toString()])

        when:
        def e = failure { anonymous.read('k') }

        then:
        e.kind() == ProviderException.Kind.DENIED

        when:
        ProviderRegistry.load().open('k8s:ns', MockCluster.context([HOME: dir.toString()]))

        then:
        def none = thrown(ProviderException)
        none.kind() == ProviderException.Kind.DENIED
        none.message.contains('no kubeconfig') && none.message.contains('KUBECONFIG')

        when:
        ProviderRegistry.load().open("k8s:ns?kubeconfig=${dir.resolve('absent.yaml')}", MockCluster.context([HOME: dir.toString()]))

        then:
        def absent = thrown(ProviderException)
        absent.kind() == ProviderException.Kind.DENIED
        absent.message.contains("kubeconfig names ${dir.resolve('absent.yaml')}, which does not exist")

        cleanup:
        anonymous?.close()
    }

    def "a token that expires is DENIED, and a token file is read again so that its renewal is picked up"() {
        given:
        def tokenFile = dir.resolve('token')
        Files.writeString(tokenFile, MockCluster.TOKEN + '\n')
        def filed = cluster.open(namespace, [tokenFile: tokenFile], [HOME: dir.toString()])
        filed.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        when: 'the server stops accepting the token'
        cluster.proxy.requiredToken = 'renewed-token'
        def e = failure { filed.read('k') }

        then:
        e.kind() == ProviderException.Kind.DENIED
        e.message.contains(tokenFile.toString())

        when: 'the token file is renewed'
        Files.writeString(tokenFile, 'renewed-token')

        then:
        filed.read('k').get().value().text() == 'v'

        cleanup:
        filed?.close()
    }

    def "options are checked when the provider opens: #what"() {
        when:
        ProviderRegistry.load().open(uri, MockCluster.context())

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(says)

        where:
        what                  | uri                                                       || says
        'an unknown option'   | 'k8s:ns?server=http://127.0.0.1:1&context2=x'             || "unknown option 'context2'"
        'two namespaces'      | 'k8s:ns?server=http://127.0.0.1:1&namespace=other'        || 'two namespaces'
        'a bad namespace'     | 'k8s:Payments?server=http://127.0.0.1:1'                  || 'not a valid namespace name'
        'a bad prefix'        | 'k8s:ns?server=http://127.0.0.1:1&prefix=App_'            || "prefix 'App_'"
        'a server without URL' | 'k8s:ns?server=api.example.com'                          || 'must be a URL'
        'a missing CA file'   | 'k8s:ns?server=https://127.0.0.1:1&ca=/nonexistent/ca.pem' || 'cannot be read'
        'a bad rate'          | 'k8s:ns?server=http://127.0.0.1:1&rate.write=fast'        || "'rate.write'"
    }
}
