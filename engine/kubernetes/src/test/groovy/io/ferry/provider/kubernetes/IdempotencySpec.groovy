package io.ferry.provider.kubernetes

import io.fabric8.kubernetes.api.model.SecretBuilder
import io.ferry.secret.SecretRecord
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** A write repeated with its idempotency token, as a resumed run repeats it, changes nothing on the server. */
class IdempotencySpec extends Specification {

    @Shared
    @AutoCleanup
    MockCluster cluster = new MockCluster()
    static int namespaces

    String namespace
    SecretProvider provider

    def setup() {
        namespace = "idempotent-${namespaces++}"
        provider = cluster.open(namespace)
    }

    def cleanup() {
        provider?.close()
    }

    def stored(String name) {
        cluster.direct.secrets().inNamespace(namespace).withName(name).get()
    }

    def "the same #mode write twice with one token leaves one version on the server"() {
        given:
        def base = mode == 'create-only' ? null : provider.write(SecretRecord.ofText('k', 'before'), WriteCondition.upsert(), WriteOptions.none())
        def condition = mode == 'create-only' ? WriteCondition.createOnly()
                : mode == 'upsert' ? WriteCondition.upsert() : WriteCondition.ifVersion(base.version())
        def record = SecretRecord.builder('k').text('after').tag('run', 'r7').build()
        def token = 'ferry-run-7-item-3'

        when:
        def first = provider.write(record, condition, new WriteOptions(token))
        def versionOnServer = stored('k').metadata.resourceVersion
        def writesBefore = cluster.proxy.stats().answered(Operation.WRITE)
        def second = provider.write(record, condition, new WriteOptions(token))

        then: 'the retry reports the first write, and the server holds that version still'
        second == first
        stored('k').metadata.resourceVersion == versionOnServer
        first.version() == versionOnServer
        stored('k').metadata.annotations['ferry.io/write-token'] == token

        and: 'an upsert retry does not even send a write'
        mode != 'upsert' || cluster.proxy.stats().answered(Operation.WRITE) == writesBefore

        where:
        mode << ['create-only', 'upsert', 'if-version']
    }

    def "a token found on a Secret someone changed since does not hide the change"() {
        given:
        def record = SecretRecord.ofText('k', 'ours')
        provider.write(record, WriteCondition.upsert(), new WriteOptions('token-1'))
        def edited = new SecretBuilder(stored('k')).withData([value: 'theirs'.bytes.encodeBase64().toString()]).build()
        cluster.direct.secrets().inNamespace(namespace).resource(edited).update()
        def theirVersion = stored('k').metadata.resourceVersion

        when:
        def again = provider.write(record, WriteCondition.upsert(), new WriteOptions('token-1'))

        then:
        again.version() != theirVersion
        provider.read('k').get().value().text() == 'ours'
    }

    def "a later write without a token removes the earlier token"() {
        given:
        provider.write(SecretRecord.ofText('k', 'one'), WriteCondition.upsert(), new WriteOptions('token-1'))

        when:
        provider.write(SecretRecord.ofText('k', 'two'), WriteCondition.upsert(), WriteOptions.none())

        then:
        !stored('k').metadata.annotations.containsKey('ferry.io/write-token')
        provider.read('k').get().attributes().keySet() == ['type'] as Set
    }
}
