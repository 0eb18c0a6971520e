package io.ferry.provider.vault

import com.fasterxml.jackson.databind.ObjectMapper
import io.ferry.internal.Failures
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.canary.Canary
import io.ferry.testkit.canary.Canary.Shape
import io.ferry.testkit.canary.Encoding
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.ServerKnobs.Fault
import io.ferry.testkit.server.vault.VaultServer
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * Vault, or a proxy in front of it, refusing a write with a message that quotes the request
 * in every encoding: the adapter's message names the error code, the key and the fix, and what
 * Ferry prints of the failure (its one line, its stack trace) holds no trace of the value.
 */
class VaultEchoingStoreSpec extends Specification {

    @AutoCleanup
    VaultServer server = new VaultServer(new ServerKnobs()).start(0) as VaultServer

    def "a refusal quoting a #shape value says the code, the key and the fix and nothing of the value"() {
        given:
        def canary = Canary.create()
        def provider = VaultFixture.open(server, 'secret', 'rate.attempts=1')
        server.knobs().faults(Fault.ECHO, 1.0, Operation.WRITE)

        when: 'the value is written'
        provider.write(canary.record('db/credentials', shape), WriteCondition.upsert(), WriteOptions.none())

        then: 'the store refused it as invalid'
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.key() == 'db/credentials'

        and: 'the store does quote the value, in many encodings, as its own answer to the same write shows'
        (canary.findIn('the answer', answerTo(canary.record('db/credentials', shape)))*.encoding() as Set).containsAll(
                [Encoding.JSON_ESCAPED, Encoding.JSON_NESTED, Encoding.BASE64, Encoding.HEX_LOWER, Encoding.URL_ENCODED])

        and: 'the message says what, where and how to fix it'
        e.message.contains('HTTP 400 invalid request')
        e.message.contains("'db/credentials'")
        e.message.contains('check the key')

        and: 'nothing Ferry prints of it holds the value in any encoding'
        canary.findIn('message', e.message).isEmpty()
        canary.findIn('description', Failures.describe(e)).isEmpty()
        canary.findIn('stack trace', Failures.stackTrace(e)).isEmpty()

        cleanup:
        provider?.close()

        where:
        shape << Shape.values()
    }

    /** What the server answers a write of the record's value, asked without the adapter in between. */
    private String answerTo(SecretRecord record) {
        def body = new ObjectMapper().writeValueAsString([data: [value: new String(record.value().bytes(), 'UTF-8')]])
        def request = HttpRequest.newBuilder(URI.create("${server.endpoint()}/v1/secret/data/probe"))
                .header('X-Vault-Token', VaultServer.ROOT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build()
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body()
    }
}
