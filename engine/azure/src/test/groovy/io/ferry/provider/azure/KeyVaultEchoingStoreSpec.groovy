package io.ferry.provider.azure

import io.ferry.internal.Failures
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.canary.Canary
import io.ferry.testkit.canary.Canary.Shape
import io.ferry.testkit.canary.Encoding
import io.ferry.testkit.server.ServerKnobs.Fault
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * Key Vault, or a proxy in front of it, refusing a write with a message that quotes the request
 * in every encoding: the adapter's message names the error code, the key and the fix, and what
 * Ferry prints of the failure (its one line, its stack trace) holds no trace of the value.
 */
class KeyVaultEchoingStoreSpec extends Specification {

    @AutoCleanup
    KeyVaultFixture vault = new KeyVaultFixture()

    def "a refusal quoting a #shape value says the code, the key and the fix and nothing of the value"() {
        given:
        def canary = Canary.create()
        def provider = vault.open('rate.attempts': 1)
        vault.server.knobs().faults(Fault.ECHO, 1.0, Operation.WRITE)

        when: 'the value is written'
        provider.write(canary.record('db-credentials', shape), WriteCondition.upsert(), WriteOptions.none())

        then: 'the store refused it as invalid'
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.key() == 'db-credentials'

        and: 'the store did quote the value, in many encodings, and the client kept that in its exception'
        (canary.findIn('the SDK exception', e.cause.message)*.encoding() as Set).containsAll(
                [Encoding.JSON_ESCAPED, Encoding.JSON_NESTED, Encoding.BASE64, Encoding.HEX_LOWER, Encoding.URL_ENCODED])

        and: 'the message says what, where and how to fix it'
        e.message.contains('400 BadParameter')
        e.message.contains("'db-credentials'")
        e.message.contains('names are 1-127')

        and: 'nothing Ferry prints of it holds the value in any encoding'
        canary.findIn('message', e.message).isEmpty()
        canary.findIn('description', Failures.describe(e)).isEmpty()
        canary.findIn('stack trace', Failures.stackTrace(e)).isEmpty()

        cleanup:
        provider?.close()

        where:
        shape << Shape.values()
    }
}
