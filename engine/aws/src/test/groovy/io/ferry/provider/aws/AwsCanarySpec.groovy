package io.ferry.provider.aws

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.ServerKnobs.Fault
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Specification

/** A planted value never shows in an exception, a toString or the log, whatever goes wrong around it. */
class AwsCanarySpec extends Specification {

    static final String CANARY = 'aws-canary-5e1d-value'

    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    def "the canary appears in no message, cause, toString or log line"() {
        given:
        def provider = AwsTestSupport.open(server, 'canary/', ['rate.attempts': '1'])
        def record = SecretRecord.builder('k').text(CANARY).tag('env', 'test').build()
        def first = provider.write(record, WriteCondition.upsert(), new WriteOptions('canary-token'))
        provider.write(SecretRecord.ofText('k', 'next'), WriteCondition.upsert(), WriteOptions.none())
        def failures = []
        def attempt = { Closure c ->
            try {
                c()
            } catch (ProviderException e) {
                failures << e
            }
        }

        when:
        attempt { provider.write(record, WriteCondition.createOnly(), WriteOptions.none()) }
        attempt { provider.write(record, WriteCondition.ifVersion('stale-version'), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.ofText('k', CANARY + '-other'), WriteCondition.upsert(), new WriteOptions('canary-token')) }
        attempt { provider.write(SecretRecord.ofText('bad name', CANARY), WriteCondition.upsert(), WriteOptions.none()) }
        attempt { provider.write(SecretRecord.builder('big').value(SecretValue.ofText(CANARY * 5000)).build(), WriteCondition.upsert(), WriteOptions.none()) }
        server.knobs().faults(Fault.SERVER_ERROR, 1.0)
        attempt { provider.write(record, WriteCondition.upsert(), WriteOptions.none()) }
        server.knobs().faults(Fault.DROP_CONNECTION, 1.0)
        attempt { provider.write(record, WriteCondition.upsert(), WriteOptions.none()) }
        server.knobs().faults(Fault.SERVER_ERROR, 0)
        def denied = AwsTestSupport.open(server, 'canary/', [:], [AWS_ACCESS_KEY_ID: 'AKIAWRONG', AWS_SECRET_ACCESS_KEY: CANARY])
        attempt { denied.write(record, WriteCondition.upsert(), WriteOptions.none()) }
        def texts = failures.collectMany { e -> chain(e).collectMany { [it.message ?: '', it.toString()] } } +
                [provider.read('k').get().toString(), provider.history('k').toString(), provider.list('', null, 10).toString(),
                 provider.readBatch(['k']).toString(), provider.toString(), record.toString(), provider.history('k')[0].value().toString()]

        then:
        failures.size() == 8
        failures*.kind() as Set == [ProviderException.Kind.EXISTS, ProviderException.Kind.CONFLICT, ProviderException.Kind.INVALID,
                                    ProviderException.Kind.UNAVAILABLE, ProviderException.Kind.DENIED] as Set
        provider.history('k')[0].value().text() == CANARY
        provider.history('k')[0].version() == first.version()
        texts.every { !it.contains(CANARY) }

        and: 'the log, written by every spec of this module so far, holds no value either'
        def log = Path.of('target/aws-tests.log')
        Files.exists(log)
        !Files.readString(log).contains(CANARY)
        !Files.readString(log).contains(SecretProviderContractCanary.VALUE)

        cleanup:
        provider?.close()
        denied?.close()
    }

    private static List<Throwable> chain(Throwable e) {
        def all = []
        for (Throwable t = e; t != null && !all.contains(t); t = t.cause) {
            all << t
        }
        all
    }

    /** The contract's own canary, which its features write through this module's provider. */
    static class SecretProviderContractCanary {
        static final String VALUE = io.ferry.testkit.SecretProviderContract.CANARY
    }
}
