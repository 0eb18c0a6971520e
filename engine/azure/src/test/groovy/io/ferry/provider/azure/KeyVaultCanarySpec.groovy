package io.ferry.provider.azure

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.ServerKnobs.Fault
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * A canary value planted through every path that can fail never shows in an exception, a
 * {@code toString()} or the log (slf4j-simple writes the tests' log, Azure SDK at debug, to a file).
 */
class KeyVaultCanarySpec extends Specification {

    static final String CANARY = 'azure-canary-5d1e07'
    static final Path LOG = Path.of('target', 'azure-tests.log')

    @AutoCleanup
    KeyVaultFixture vault = new KeyVaultFixture()

    def "the canary never appears in messages, toString() or the log"() {
        given:
        SecretProvider provider = vault.open(prefix: 'c-', 'rate.attempts': 2)
        def seen = []
        def attempt = { Closure<?> action ->
            try {
                seen << String.valueOf(action())
            } catch (ProviderException e) {
                seen << e.message << e.toString() << String.valueOf(e.cause)
            }
        }
        def canary = SecretRecord.builder('k').text(CANARY).tag('env', 'prod').build()

        when: 'the canary is written, read, listed, refused, retried, throttled and faulted'
        attempt { provider.write(canary, WriteCondition.createOnly(), new WriteOptions('t-1')) }
        attempt { provider.write(canary, WriteCondition.createOnly(), WriteOptions.none()) }
        attempt { provider.write(canary.toBuilder().text(CANARY + '!').build(), WriteCondition.upsert(), new WriteOptions('t-1')) }
        attempt { provider.write(canary, WriteCondition.ifVersion('0' * 32), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.ofText('big', CANARY + 'x' * 25_600), WriteCondition.upsert(), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.builder('bin').value(SecretValue.ofBytes((CANARY.bytes.toList() + [0xFF]) as byte[])).build(), WriteCondition.upsert(), WriteOptions.none()) }
        attempt { provider.read('k').get() }
        attempt { provider.read('bin').get() }
        attempt { provider.history('k') }
        attempt { provider.list('', null, 10) }
        vault.server.knobs().quota(Operation.WRITE, 1)
        (1..3).each { n -> attempt { provider.write(SecretRecord.ofText("t-$n", CANARY), WriteCondition.upsert(), WriteOptions.none()) } }
        vault.server.knobs().quota(Operation.WRITE, 0)
        vault.server.knobs().faults(Fault.SERVER_ERROR, 1.0)
        attempt { provider.write(canary, WriteCondition.upsert(), WriteOptions.none()) }
        attempt { provider.read('k') }
        vault.server.knobs().faults(Fault.DROP_CONNECTION, 1.0)
        attempt { provider.write(canary, WriteCondition.upsert(), WriteOptions.none()) }
        vault.server.knobs().faults(Fault.DROP_CONNECTION, 0)
        vault.server.expireToken(vault.server.token())
        attempt { provider.read('k') }
        seen << provider.toString() << provider.spec().toString()

        then: 'the canary was stored and refused along the way'
        vault.server.stats().answered(Operation.WRITE) > 0
        seen.size() > 15

        and: 'it shows nowhere'
        seen.every { !it.contains(CANARY) }
        Files.exists(LOG)
        !Files.readString(LOG).contains(CANARY)
    }
}
