package io.ferry.provider.aws

import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import spock.lang.AutoCleanup
import spock.lang.Specification

/** A write quota far below the limiter's starting rate: throttled calls are retried with back-off and every write lands once. */
class AwsThrottlingSpec extends Specification {

    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs().quota(Operation.WRITE, 5)).start(0) as AwsSecretsManagerServer

    def "40 writes against a quota of 5 a second all land exactly once, one version each, with the throttles counted"() {
        given:
        def provider = AwsTestSupport.open(server, 'storm/')

        when:
        def results = (0..<40).collect {
            provider.write(SecretRecord.ofText("k-$it", "v-$it"), WriteCondition.upsert(), new WriteOptions("storm-run-item-$it"))
        }

        then: 'every write landed, once'
        results.every { it.created() }
        server.store().names() == (0..<40).collect { "storm/k-$it" as String }.sort()
        (0..<40).every { server.store().versionCount("storm/k-$it") == 1 }
        provider.readBatch((0..<40).collect { "k-$it" as String }).collect { k, r -> r.value().text() } == (0..<40).collect { "v-$it" as String }

        and: 'the server throttled, and the limiter saw each throttle and slowed down'
        server.stats().throttled() > 0
        provider.limiter().throttles() == server.stats().throttled()
        provider.limiter().rate(Operation.WRITE) < 50
        server.stats().answered(Operation.WRITE) == 40

        cleanup:
        provider.close()
    }
}
