package io.ferry.provider.vault

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.ProviderSpec
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.vault.VaultServer
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Bad input is refused before anything is written, in one line naming the thing and the fix; no value ever shows. */
class VaultInputSpec extends Specification {

    static final String CANARY = 'vault-canary-5d1e77'

    @Shared
    ServerKnobs knobs = new ServerKnobs()

    @Shared
    @AutoCleanup
    VaultServer server = new VaultServer(knobs).start(0) as VaultServer

    SecretProvider provider

    def setup() {
        provider = VaultFixture.open(server, 'secret')
    }

    def cleanup() {
        provider?.close()
        knobs.quota(Operation.WRITE, 0)
    }

    def "a record the store cannot take is refused with INVALID, naming the key and the rule: #what"() {
        when:
        provider.write(record, WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.key() == record.key()
        e.message.contains(fragment)
        !e.message.contains(CANARY)
        !e.message.contains('\n')
        provider.list('', null, 10).items().isEmpty()

        where:
        what                         | record                                                                                    || fragment
        'a control character'        | SecretRecord.ofText('bad\u0001name', CANARY)                                             || 'U+0001 START OF HEADING'
        'a trailing slash'           | SecretRecord.ofText('folder/', CANARY)                                                   || 'without a leading or trailing slash'
        'a dot-dot segment'          | SecretRecord.ofText('a/../b', CANARY)                                                    || 'no segment that is . or ..'
        'an oversize value'          | SecretRecord.ofText('big', CANARY + 'x' * (512 * 1024))                                  || 'allows at most 524288'
        'an oversize binary value'   | SecretRecord.builder('bin').value(SecretValue.ofBytes(new byte[400_000])).build()        || 'allows at most 524288'
        'too many tags'              | SecretRecord.builder('t').text(CANARY).tags((1..64).collectEntries { ["t$it".toString(), 'v'] }).build() || 'allows at most 62'
        'a long tag name'            | SecretRecord.builder('t').text(CANARY).tag('n' * 129, 'v').build()                       || 'longer than 128'
        'a long tag value in bytes'  | SecretRecord.builder('t').text(CANARY).tag('env', 'é' * 300).build()                     || 'longer than 512 bytes'
        'an unprintable tag value'   | SecretRecord.builder('t').text(CANARY).tag('env', 'a\tb').build()                        || 'characters Vault does not print'
        'the reserved token tag'     | SecretRecord.builder('t').text(CANARY).tag('ferry-write-token', 'x').build()             || 'reserved'
    }

    def "no value reaches an exception, a record's toString or the log, whatever goes wrong"() {
        given:
        def log = Path.of('target/vault-tests.log')
        provider.write(SecretRecord.ofText('k', CANARY), WriteCondition.createOnly(), new WriteOptions('canary-1'))
        def messages = []
        def attempt = { Closure action ->
            try {
                action()
            } catch (ProviderException e) {
                messages << e.message << e.toString()
            }
        }

        when:
        attempt { provider.write(SecretRecord.ofText('k', CANARY + '2'), WriteCondition.createOnly(), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.ofText('k', CANARY + '3'), WriteCondition.ifVersion('7'), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.ofText('k\u0000', CANARY), WriteCondition.upsert(), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.builder('k').text(CANARY).tag('env', CANARY + '\u0007').build(), WriteCondition.upsert(), WriteOptions.none()) }
        attempt { VaultFixture.open(server, 'secret', '', [VAULT_TOKEN: 'wrong']).read('k') }
        knobs.quota(Operation.WRITE, 1)
        attempt {
            def strict = VaultFixture.open(server, 'secret', 'rate.attempts=1&rate.write=0')
            3.times { strict.write(SecretRecord.ofText("t$it", CANARY), WriteCondition.upsert(), WriteOptions.none()) }
        }

        then:
        messages.size() >= 10
        messages.every { !it.contains(CANARY) }
        !provider.read('k').get().toString().contains(CANARY)
        !provider.history('k').toString().contains(CANARY)
        !provider.list('', null, 10).toString().contains(CANARY)
        !provider.toString().contains(CANARY)
        Files.exists(log)
        Files.readString(log).contains('VaultHttp')
        !Files.readString(log).contains(CANARY)
    }

    def "URI and DSL forms point at the same place with the same option names"() {
        expect:
        VaultSettings.from(ProviderSpec.parse(uri), env) == VaultSettings.from(new ProviderSpec('vault', null, dsl), env)

        where:
        uri                                                                 | dsl                                                                         | env
        'vault:http://127.0.0.1:8200/secret?prefix=app/'                    | [address: 'http://127.0.0.1:8200', mount: 'secret', prefix: 'app/']        | [:]
        'vault:https://vault.example.com:8200/kv/team?kv=1&namespace=a/b'   | [address: 'https://vault.example.com:8200', mount: 'kv/team', kv: '1', namespace: 'a/b'] | [:]
        'vault:secret?auth=approle&authMount=ar'                            | [mount: 'secret', auth: 'approle', authMount: 'ar']                        | [VAULT_ADDR: 'https://10.0.0.1:8200']
        'vault:http://10.0.0.1:8200/secret?insecureHttp=true'               | [address: 'http://10.0.0.1:8200', mount: 'secret', insecureHttp: 'true']   | [:]
    }

    def "settings read the address, mount, namespace and CA as Vault's tools do"() {
        when:
        def s = VaultSettings.from(ProviderSpec.parse('vault:https://vault.example.com:8200/kv/team/?prefix=/app/&auth=kubernetes&role=web'),
                [VAULT_NAMESPACE: 'team-a/', VAULT_CACERT: '/etc/ca.pem'])

        then:
        s.address() == 'https://vault.example.com:8200'
        s.mount() == 'kv/team'
        s.kv() == 0
        s.prefix() == 'app/'
        s.namespace() == 'team-a'
        s.auth() == 'kubernetes'
        s.role() == 'web'
        s.authMount() == 'kubernetes'
        s.caFile() == '/etc/ca.pem'
        s.where() == 'https://vault.example.com:8200/v1/team-a/kv/team/'
    }

    def "a malformed spec is refused with the option and the fix: #uri"() {
        when:
        ProviderRegistry.load().open(uri, VaultFixture.context([VAULT_TOKEN: 'root']))

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(fragment)

        where:
        uri                                                  || fragment
        'vault:http://127.0.0.1:8200/secret?colour=red'      || "unknown option 'colour'"
        'vault:http://127.0.0.1:8200'                        || 'no KV mount'
        'vault:secret'                                       || 'set VAULT_ADDR'
        'vault:http://127.0.0.1:8200/secret?kv=3'            || 'kv in'
        'vault:http://127.0.0.1:8200/secret?auth=ldap'       || 'token, approle or kubernetes'
        'vault:http://127.0.0.1:8200/secret?auth=kubernetes' || 'add role=NAME'
        'vault:http://127.0.0.1:8200/secret?ca=/no/such.pem' || 'cannot be read'
        'vault:http://10.0.0.1:8200/secret'                  || 'Vault address http://10.0.0.1:8200 in vault:http://10.0.0.1:8200/secret is plain http:// to a host that is not loopback'
        'vault:secret?address=http://vault.internal:8200'    || 'add insecureHttp=true to accept it'
        'vault:http://10.0.0.1:8200/secret?insecureHttp=on'  || "insecureHttp takes true or false, not 'on'"
        'vault:http://127.0.0.1:8200/secret?timeout=soon'    || 'whole number of seconds'
    }

    def "TLS is verified: Vault's certificate is refused until its CA is given with ca="() {
        given: 'a Vault serving HTTPS with a certificate no default trust store knows'
        def certificates = new TestCertificates()
        def tlsServer = new VaultServer().https(certificates.serverContext()).start(0) as VaultServer
        def ca = Files.createTempFile('vault-ca', '.pem')
        Files.writeString(ca, certificates.pem())
        def uri = "vault:${tlsServer.endpoint()}/secret?prefix=${VaultFixture.freshPrefix()}"

        when:
        def untrusted = ProviderRegistry.load().open(uri, VaultFixture.context()).health(false)
        def trusted = ProviderRegistry.load().open("$uri&ca=$ca", VaultFixture.context())
        trusted.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        tlsServer.endpoint().toString().startsWith('https://')
        !untrusted.reachable()
        untrusted.problems()[0].contains('cannot reach Vault at https://127.0.0.1')
        untrusted.problems()[0].contains('the CA (option ca)')
        trusted.health(true).healthy()
        trusted.read('k').get().value().text() == 'v'

        cleanup:
        tlsServer?.close()
        Files.deleteIfExists(ca)
    }

    def "a path reaching below the mount is found by detection and scopes the view, as does a nested mount"() {
        given:
        server.mount('kv/team', 1)
        def below = ProviderRegistry.load().open("vault:${server.endpoint()}/secret/deep/er", VaultFixture.context())
        def nested = ProviderRegistry.load().open("vault:${server.endpoint()}/kv/team?prefix=p/", VaultFixture.context())
        def raw = new RawVault(endpoint: server.endpoint())

        when:
        below.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())
        nested.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        (below as VaultProvider).kvVersion() == 2
        raw.call('GET', 'secret/data/deep/er/k').status == 200
        (nested as VaultProvider).kvVersion() == 1
        raw.call('GET', 'kv/team/p/k').status == 200
        below.list('', null, 10).items()*.key() == ['k']
    }

    def "a mount that is not KV, or not there, is named with the fix"() {
        when:
        ProviderRegistry.load().open("vault:${server.endpoint()}/nothing-here", VaultFixture.context()).read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains("no secrets engine is mounted at 'nothing-here'")
        e.message.contains('kv=1 or kv=2')
    }
}
