package io.ferry.provider.vault

import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.Emulator
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.vault.VaultServer
import spock.lang.AutoCleanup
import spock.lang.Specification

/** The test server speaks Vault's HTTP API as Vault does: paths, methods, envelopes, errors and limits. */
class VaultServerSpec extends Specification {

    ServerKnobs knobs = new ServerKnobs()

    @AutoCleanup
    VaultServer server = new VaultServer(knobs).start(0) as VaultServer

    RawVault raw = new RawVault(endpoint: server.endpoint())

    def "ferry emulate finds the server by the name vault, and it starts on any port"() {
        when:
        def emulator = ServiceLoader.load(Emulator).find { it.name() == 'vault' }
        def started = emulator.create(new ServerKnobs()).start(0)

        then:
        emulator.description().contains('VAULT_TOKEN=root')
        new RawVault(endpoint: started.endpoint()).call('GET', 'sys/health').body.initialized == true

        cleanup:
        started?.close()
    }

    def "answers carry Vault's envelope, and a KV v2 write answers with the version's metadata"() {
        when:
        def written = raw.call('POST', 'secret/data/app/db', [data: [password: 'p']])
        def read = raw.call('GET', 'secret/data/app/db')

        then:
        written.status == 200
        written.body.keySet() == ['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth'] as Set
        written.data.version == 1
        written.data.deletion_time == ''
        written.data.destroyed == false
        read.data.data == [password: 'p']
        read.data.metadata.version == 1
        read.data.metadata.custom_metadata == null
    }

    def "a listing is the LIST method or GET with list=true, one folder level, sub-folders with a slash"() {
        given:
        ['a/b', 'a/c/d', 'a', 'e'].each { raw.call('POST', "secret/data/$it", [data: [v: '1']]) }

        expect:
        raw.call('LIST', 'secret/metadata/').data.keys == ['a', 'a/', 'e']
        raw.call('GET', 'secret/metadata/a?list=true').data.keys == ['b', 'c/']
        raw.call('LIST', 'secret/metadata/a/').data.keys == ['b', 'c/']
        raw.call('LIST', 'secret/metadata/nothing/').status == 404
        raw.call('LIST', 'secret/metadata/nothing/').body == [errors: []]
    }

    def "check-and-set refuses a stale or create-only write with Vault's message, and cas_required demands it"() {
        given:
        raw.call('POST', 'secret/data/k', [data: [v: '1']])

        expect:
        raw.call('POST', 'secret/data/k', [options: [cas: 0], data: [v: '2']]).with {
            status == 400 && body.errors[0].contains('check-and-set parameter did not match the current version')
        }
        raw.call('POST', 'secret/data/k', [options: [cas: 1], data: [v: '2']]).data.version == 2
        raw.call('POST', 'secret/metadata/k', [cas_required: true]).status == 204
        raw.call('POST', 'secret/data/k', [data: [v: '3']]).body.errors[0].contains('check-and-set parameter required')
    }

    def "custom_metadata is limited as Vault limits it"() {
        given:
        raw.call('POST', 'secret/data/k', [data: [v: '1']])

        expect:
        raw.call('POST', 'secret/metadata/k', [custom_metadata: metadata]).with {
            status == 400 && body.errors[0].contains(fragment)
        }

        where:
        metadata                                            || fragment
        (1..65).collectEntries { ["k$it".toString(), 'v'] } || 'at most 64 keys'
        [('k' * 129): 'v']                                   || 'exceeds the limit of 128'
        [k: 'v' * 513]                                      || 'exceeds the limit of 512'
        [k: 'line\nbreak']                                  || 'unprintable'
    }

    def "soft delete, undelete, destroy and metadata delete act on versions as Vault does"() {
        given:
        (1..3).each { raw.call('POST', 'secret/data/k', [data: [v: "$it".toString()]]) }

        when:
        raw.call('DELETE', 'secret/data/k')

        then:
        raw.call('GET', 'secret/data/k').with { status == 404 && data.data == null && data.metadata.deletion_time != '' }
        raw.call('GET', 'secret/data/k?version=2').data.data == [v: '2']

        when:
        raw.call('POST', 'secret/undelete/k', [versions: [3]])
        raw.call('POST', 'secret/destroy/k', [versions: [1]])

        then:
        raw.call('GET', 'secret/data/k').data.data == [v: '3']
        raw.call('GET', 'secret/metadata/k').data.versions['1'].destroyed == true
        raw.call('DELETE', 'secret/metadata/k').status == 204
        raw.call('GET', 'secret/metadata/k').status == 404
    }

    def "KV v1 keeps one object per path with no versions"() {
        expect:
        raw.call('PUT', 'kv1/app/db', [b: '2', a: '1']).status == 204
        raw.call('GET', 'kv1/app/db').data == [a: '1', b: '2']
        raw.call('LIST', 'kv1/app').data.keys == ['db']
        raw.call('POST', 'kv1/app/db/extra', '[]').status == 400
        raw.call('DELETE', 'kv1/app/db').status == 204
        raw.call('GET', 'kv1/app/db').status == 404
    }

    def "mounts are listed and found with their versions, per namespace"() {
        expect:
        raw.call('GET', 'sys/mounts').data.keySet().containsAll(['secret/', 'kv1/'])
        raw.call('GET', 'sys/mounts').data['secret/'].options.version == '2'
        raw.call('GET', 'sys/internal/ui/mounts/secret/deep/path').data.with { path == 'secret/' && type == 'kv' }
        raw.call('GET', 'sys/internal/ui/mounts/kv1').data.options.version == '1'
    }

    def "a request without a valid token is denied as Vault denies it, and an unknown method is refused"() {
        expect:
        new RawVault(endpoint: server.endpoint(), token: null).call('GET', 'secret/data/k').with {
            status == 403 && body == [errors: ['permission denied']]
        }
        new RawVault(endpoint: server.endpoint(), token: 'nope').call('GET', 'auth/token/lookup-self').status == 403
        raw.call('GET', 'auth/token/lookup-self').data.policies == ['root']
        raw.call('PUT', 'secret/metadata').status in [404, 405]
        raw.call('GET', 'nowhere/at/all').with { status == 404 && body.errors[0].contains('no handler for route') }
    }

    def "over its quota the server answers 429 with Retry-After and counts the throttle"() {
        given:
        knobs.quota(Operation.READ, 1)

        when:
        def answers = (1..5).collect { raw.call('GET', 'secret/data/k') }

        then:
        answers.any { it.status == 429 && it.headers['retry-after'] == ['1'] && it.body.errors[0].contains('rate limit quota exceeded') }
        server.stats().throttled() > 0
    }
}
