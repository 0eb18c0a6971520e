package io.ferry.provider.vault

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.vault.VaultServer
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/** Tokens, AppRole and Kubernetes logins, expiry, namespaces and a sealed Vault. */
class VaultAuthSpec extends Specification {

    MovableClock clock = new MovableClock()

    @AutoCleanup
    VaultServer server = new VaultServer(new ServerKnobs(), clock).start(0) as VaultServer

    @TempDir
    Path home

    def open(String options, Map<String, String> environment) {
        ProviderRegistry.load().open("vault:${server.endpoint()}/secret?prefix=${VaultFixture.freshPrefix()}" + (options ? "&$options" : ''),
                VaultFixture.context(environment))
    }

    def "the token comes from VAULT_TOKEN, else from ~/.vault-token as vault login leaves it"() {
        given:
        server.token('file-token', null)
        Files.writeString(home.resolve('.vault-token'), 'file-token\n')

        expect:
        open('', [VAULT_TOKEN: 'root']).health(false).healthy()
        open('', [HOME: home.toString()]).health(false).healthy()
    }

    def "without any token the error says where a token comes from"() {
        given:
        def provider = open('', [HOME: home.toString()])

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        e.message.contains('VAULT_TOKEN')
        e.message.contains('vault login')
        !provider.health(false).healthy()
    }

    def "a wrong token is denied, with the address and what to check"() {
        given:
        def provider = open('', [VAULT_TOKEN: 'not-a-token'])

        when:
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        e.message.contains(server.endpoint().toString())
        e.message.contains('permission denied')
        e.message.contains('expired')

        and:
        def health = provider.health(false)
        health.reachable()
        !health.authenticated()
        health.problems().any { it.contains('refused the token') }
    }

    def "an expired token is denied and the message says it may have expired"() {
        given:
        server.token('short-lived', Duration.ofMinutes(5))
        def provider = open('', [VAULT_TOKEN: 'short-lived'])
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        when:
        clock.advance(Duration.ofMinutes(6))
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        e.message.contains('has not expired')
    }

    def "AppRole logs in with VAULT_ROLE_ID and VAULT_SECRET_ID, and logs in again when its token expires"() {
        given:
        server.appRole('role-1', 'secret-1').loginTtl(Duration.ofMinutes(10))
        def provider = open('auth=approle', [VAULT_ROLE_ID: 'role-1', VAULT_SECRET_ID: 'secret-1'])

        when:
        provider.write(SecretRecord.ofText('k', 'v1'), WriteCondition.upsert(), WriteOptions.none())
        clock.advance(Duration.ofMinutes(11))
        provider.write(SecretRecord.ofText('k', 'v2'), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('k').get().value().text() == 'v2'
        provider.health(false).healthy()
    }

    def "a refused AppRole login says which variables to check; missing ones are named"() {
        given:
        server.appRole('role-1', 'secret-1')

        when:
        open('auth=approle', [VAULT_ROLE_ID: 'role-1', VAULT_SECRET_ID: 'wrong']).read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        e.message.contains('was refused (HTTP 400 invalid request)')
        e.message.contains('VAULT_SECRET_ID')
        !e.message.contains('wrong')

        when:
        open('auth=approle', [VAULT_ROLE_ID: 'role-1']).read('k')

        then:
        def missing = thrown(ProviderException)
        missing.message.contains('VAULT_ROLE_ID and VAULT_SECRET_ID')
    }

    def "Kubernetes auth logs in as the role with the service account token from VAULT_K8S_TOKEN_PATH"() {
        given:
        def jwt = home.resolve('token')
        Files.writeString(jwt, 'eyJhbGciOiJSUzI1NiJ9.sa.sig\n')
        server.kubernetesRole('payments', 'eyJhbGciOiJSUzI1NiJ9.sa.sig')

        when:
        def provider = open('auth=kubernetes&role=payments', [VAULT_K8S_TOKEN_PATH: jwt.toString()])
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('k').get().value().text() == 'v'

        when: 'the role does not take this service account'
        open('auth=kubernetes&role=other', [VAULT_K8S_TOKEN_PATH: jwt.toString()]).read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        e.message.contains("role 'other'")
        !e.message.contains('eyJhbGci')

        when: 'there is no service account token'
        open('auth=kubernetes&role=payments', [VAULT_K8S_TOKEN_PATH: home.resolve('absent').toString()]).read('k')

        then:
        def absent = thrown(ProviderException)
        absent.message.contains('VAULT_K8S_TOKEN_PATH')
    }

    def "namespaces are separate stores, chosen by the namespace option or VAULT_NAMESPACE"() {
        given:
        def prefix = VaultFixture.freshPrefix()
        def uri = { String ns -> "vault:${server.endpoint()}/secret?prefix=$prefix" + (ns ? "&namespace=$ns" : '') }
        def teamA = ProviderRegistry.load().open(uri('team-a'), VaultFixture.context())
        def teamB = ProviderRegistry.load().open(uri(null), VaultFixture.context([VAULT_TOKEN: 'root', VAULT_NAMESPACE: 'team-b']))
        def root = ProviderRegistry.load().open(uri(null), VaultFixture.context())

        when:
        teamA.write(SecretRecord.ofText('k', 'a'), WriteCondition.createOnly(), WriteOptions.none())
        teamB.write(SecretRecord.ofText('k', 'b'), WriteCondition.createOnly(), WriteOptions.none())

        then:
        teamA.read('k').get().value().text() == 'a'
        teamB.read('k').get().value().text() == 'b'
        root.read('k').isEmpty()
        new RawVault(endpoint: server.endpoint(), namespace: 'team-a').call('GET', "secret/data/${prefix}k").status == 200
        new RawVault(endpoint: server.endpoint()).call('GET', "secret/data/${prefix}k").status == 404
    }

    def "a sealed Vault is reported as sealed with the fix, and nothing is retried in vain"() {
        given:
        def provider = open('', [VAULT_TOKEN: 'root'])
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())
        server.sealed(true)

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.UNAVAILABLE
        e.message.contains('Vault at ' + server.endpoint())
        e.message.contains('is sealed; unseal it')
        !e.retryable()

        and:
        def health = provider.health(true)
        health.reachable()
        !health.healthy()
        health.problems() == ["Vault at ${server.endpoint()} is sealed; unseal it (vault operator unseal) and run again" as String]

        when:
        server.sealed(false)

        then:
        provider.read('k').get().value().text() == 'v'
    }
}
