package io.ferry.provider.aws

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderException.Kind
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.ServerKnobs.Fault
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import spock.lang.AutoCleanup
import spock.lang.Specification

/** Bad input, bad credentials and a failing store: each a clear one-line error naming the thing and the fix, and nothing lost. */
class AwsFailureSpec extends Specification {

    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    def "a record the store cannot take is refused before any call, naming the key and the rule: #what"() {
        given:
        def provider = AwsTestSupport.open(server, 'bad/')
        def before = server.stats().requests()

        when:
        provider.write(record, WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == Kind.INVALID
        e.key() == record.key()
        e.message.contains(rule)
        !e.message.contains('\n')
        server.stats().requests() == before
        server.store().names().isEmpty()

        cleanup:
        provider.close()

        where:
        what               | record                                                                                        || rule
        'a space'          | SecretRecord.ofText('bad name', 'v')                                                          || 'rename transform'
        'non-ASCII'        | SecretRecord.ofText('ключ', 'v')                                                              || 'ASCII letters, digits'
        'too long'         | SecretRecord.ofText('x' * 509, 'v')                                                           || 'at most 508'
        'oversize value'   | SecretRecord.builder('big').value(SecretValue.ofBytes(new byte[65_537])).build()              || '65536'
        'too many tags'    | SecretRecord.builder('tags').text('v').tags((0..50).collectEntries { ["t$it".toString(), 'v'] }).build() || 'at most 50'
        'a reserved tag'   | SecretRecord.builder('aws').text('v').tag('aws:owner', 'me').build()                          || 'AWS reserves'
        'the content tag'  | SecretRecord.builder('ct').text('v').tag('ferry-content-type', 'x').build()                   || 'where Ferry keeps the content type'
        'no room for type' | SecretRecord.builder('full').text('v').tags((1..50).collectEntries { ["t$it".toString(), 'v'] }).build() || 'takes one more'
        'a typed charset'  | SecretRecord.builder('cs').text('v').contentType('text/plain; charset=utf-8').build()         || 'cannot be kept in a tag'
        'an empty value'   | SecretRecord.builder('empty').value(SecretValue.empty()).build()                              || '1 to 65,536 bytes'
    }

    def "the largest value Secrets Manager takes, 65,536 bytes, round-trips"() {
        given:
        def provider = AwsTestSupport.open(server, 'big/')
        def bytes = new byte[65_536]
        new Random(1).nextBytes(bytes)

        when:
        provider.write(SecretRecord.builder('max').value(SecretValue.ofBytes(bytes)).build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('max').get().value().bytes() == bytes

        cleanup:
        provider.close()
    }

    def "wrong credentials are DENIED with what to check: #what"() {
        given:
        server.allow('ASIAFERRYSESSION0001', 'session-secret').expire('expired-session-token')
        def provider = AwsTestSupport.open(server, 'creds/', [:], environment)

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == Kind.DENIED
        e.key() == 'k'
        e.message.contains(code)
        e.message.contains(fix)

        when:
        def health = provider.health(false)

        then:
        health.reachable()
        !health.authenticated()
        !health.healthy()
        !health.transientFailure()
        health.problems()[0].contains(fix)

        cleanup:
        provider.close()

        where:
        what                  | environment                                                                                                  || code                          | fix
        'an unknown key'      | [AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN000000000', AWS_SECRET_ACCESS_KEY: 'x']                                      || 'UnrecognizedClientException' | 'check the credentials'
        'a wrong secret key'  | [AWS_ACCESS_KEY_ID: AwsSecretsManagerServer.ACCESS_KEY, AWS_SECRET_ACCESS_KEY: 'wrong']                     || 'InvalidSignatureException'   | 'check the credentials'
        'an expired session'  | [AWS_ACCESS_KEY_ID: 'ASIAFERRYSESSION0001', AWS_SECRET_ACCESS_KEY: 'session-secret',
                                 AWS_SESSION_TOKEN: 'expired-session-token']                                                                 || 'ExpiredTokenException'       | 'refresh the session'
    }

    def "a live session token is accepted"() {
        given:
        server.allow('ASIAFERRYSESSION0002', 'session-secret-2')
        def provider = AwsTestSupport.open(server, 'session/', [:],
                [AWS_ACCESS_KEY_ID: 'ASIAFERRYSESSION0002', AWS_SECRET_ACCESS_KEY: 'session-secret-2', AWS_SESSION_TOKEN: 'live-token'])

        expect:
        provider.health(false).healthy()

        cleanup:
        provider.close()
    }

    def "missing credentials are DENIED with where to put them"() {
        given:
        def provider = AwsTestSupport.open(server, 'none/', [profile: 'ferry-no-such-profile'], [:])

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == Kind.DENIED
        e.message.contains('AWS_ACCESS_KEY_ID')
        e.message.contains('profile')

        cleanup:
        provider.close()
    }

    def "without credentials the health check reports only that, in one short line, for it contacted nothing"() {
        given:
        def provider = AwsTestSupport.open(server, 'none/', [profile: 'ferry-no-such-profile'], [:])
        def before = server.stats().requests()

        when:
        def health = provider.health(true)

        then: 'nothing was sent, so nothing is said of the endpoint or the listing'
        server.stats().requests() == before
        health.reachable() == null
        health.authenticated() == false
        health.canList() == null
        health.canWrite() == null
        !health.healthy()

        and: "one line with the fix, without the SDK's account of its credentials chain"
        health.problems().size() == 1
        health.problems()[0].readLines().size() == 1
        health.problems()[0].length() < 300
        health.problems()[0].contains('no usable credentials')
        health.problems()[0].contains('AWS_ACCESS_KEY_ID')
        !health.problems()[0].contains('CredentialsProvider')

        cleanup:
        provider.close()
    }

    def "an unreachable endpoint fails the health check at once, naming the URL"() {
        given:
        def closed = new ServerSocket(0)
        def port = closed.localPort
        closed.close()
        def provider = AwsTestSupport.open(server, 'x/', [endpoint: "http://127.0.0.1:$port".toString(), 'rate.attempts': '1'])

        when:
        def health = provider.health(true)

        then:
        health.reachable() == false
        health.authenticated() == null
        health.canList() == null
        !health.healthy()
        health.canWrite() == null
        health.problems()[0].contains("http://127.0.0.1:$port")
        health.problems()[0].contains('check the endpoint URL')

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == Kind.UNAVAILABLE
        e.retryable()
        e.message.contains("http://127.0.0.1:$port")

        cleanup:
        provider.close()
    }

    def "a server error on the health check is a transient failure, which asking again after the outage clears"() {
        given:
        def provider = AwsTestSupport.open(server, 'health/')
        server.knobs().faults(Fault.SERVER_ERROR, 1.0)

        when:
        def during = provider.health(false)
        server.knobs().faults(Fault.SERVER_ERROR, 0)
        def after = provider.health(false)

        then:
        !during.healthy()
        during.transientFailure()
        during.problems()[0].contains('InternalServiceError')
        after.healthy()
        !after.transientFailure()

        cleanup:
        server.knobs().faults(Fault.SERVER_ERROR, 0)
        provider.close()
    }

    def "a server error on a write is UNAVAILABLE and retryable, and nothing was written"() {
        given:
        def provider = AwsTestSupport.open(server, 'err/', ['rate.attempts': '1'])
        provider.write(SecretRecord.ofText('k', 'kept'), WriteCondition.upsert(), WriteOptions.none())
        server.knobs().faults(Fault.SERVER_ERROR, 1.0)

        when:
        provider.write(SecretRecord.ofText('k', 'new'), WriteCondition.upsert(), new WriteOptions('a-write-during-the-outage'))

        then:
        def e = thrown(ProviderException)
        e.kind() == Kind.UNAVAILABLE
        e.retryable()
        e.message.contains('InternalServiceError')

        when:
        server.knobs().faults(Fault.SERVER_ERROR, 0)

        then:
        provider.read('k').get().value().text() == 'kept'
        server.store().versionCount('err/k') == 1

        cleanup:
        provider.close()
    }

    def "while the server drops connections, reads recover once it is back"() {
        given:
        def provider = AwsTestSupport.open(server, 'drop/')
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())
        server.knobs().faults(Fault.DROP_CONNECTION, 1.0)

        when: 'a read starts during the outage, which ends a moment later'
        def read = new java.util.concurrent.CompletableFuture<String>()
        def reader = Thread.start { read.complete(provider.read('k').get().value().text()) }
        while (server.stats().faults() < 1) {
            Thread.sleep(10)
        }
        server.knobs().faults(Fault.DROP_CONNECTION, 0)
        reader.join()

        then:
        read.getNow(null) == 'v'
        server.stats().faults() >= 1
        provider.limiter().retries() >= 1

        cleanup:
        provider.close()
    }

    def "while the server drops connections, a write reports UNAVAILABLE, loses nothing, and its retry lands once"() {
        given:
        def provider = AwsTestSupport.open(server, 'dropw/', ['rate.attempts': '2'])
        def first = provider.write(SecretRecord.ofText('k', 'before'), WriteCondition.upsert(), WriteOptions.none())
        def options = new WriteOptions('write-interrupted-by-the-outage-01')
        server.knobs().faults(Fault.DROP_CONNECTION, 1.0)

        when:
        provider.write(SecretRecord.ofText('k', 'after'), WriteCondition.ifVersion(first.version()), options)

        then:
        def e = thrown(ProviderException)
        e.kind() == Kind.UNAVAILABLE
        e.retryable()

        when: 'the server is back and the write is retried with its token'
        server.knobs().faults(Fault.DROP_CONNECTION, 0)
        def before = provider.read('k').get().value().text()
        def retried = provider.write(SecretRecord.ofText('k', 'after'), WriteCondition.ifVersion(first.version()), options)
        def again = provider.write(SecretRecord.ofText('k', 'after'), WriteCondition.ifVersion(first.version()), options)

        then:
        before == 'before'
        again == retried
        provider.history('k')*.value()*.text() == ['before', 'after']

        cleanup:
        provider.close()
    }
}
