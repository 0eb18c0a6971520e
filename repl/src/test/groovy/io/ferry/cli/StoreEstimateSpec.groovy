package io.ferry.cli

import io.ferry.api.Estimate
import io.ferry.api.Estimator
import io.ferry.plan.PlanSummary
import io.ferry.runbook.Execution
import io.ferry.runbook.OnFailure
import io.ferry.runbook.Validation
import io.ferry.spi.CallCosts
import io.ferry.spi.CallCosts.BatchRead
import io.ferry.spi.CallCosts.Calls
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.ProviderSpec
import io.ferry.state.Action
import java.time.Duration
import spock.lang.Specification

/**
 * Each adapter's costs as its factory gives them from a URI (its store's quotas, or the rate options
 * that override them), and the estimate line they make of one large plan.
 */
class StoreEstimateSpec extends Specification {

    static final ProviderRegistry REGISTRY = ProviderRegistry.load()
    static final Calls ONE_WRITE = new Calls(0, 1)

    static CallCosts costs(String uri) {
        def spec = ProviderSpec.parse(uri)
        REGISTRY.factory(spec.scheme()).costs(spec)
    }

    def "#uri is paced at #writes writes, #reads reads and #lists listings a second"() {
        when:
        def costs = costs(uri)

        then:
        costs.store() == store
        costs.writesPerSecond() == writes
        costs.readsPerSecond() == reads
        costs.listsPerSecond() == lists
        costs.create() == create
        costs.update() == update
        costs.batchRead() == batch

        where: 'the quotas of PROVIDERS.md, the rate options over them, and the calls each adapter makes a write'
        uri                                               || store                 | writes | reads  | lists | create           | update           | batch
        'aws:us-east-1/app/'                              || 'AWS Secrets Manager' | 50     | 10_000 | 100   | ONE_WRITE        | new Calls(1, 1)  | new BatchRead(20, 100, 1)
        'aws:us-east-1?rate.write=5&rate.batch=10'        || 'AWS Secrets Manager' | 5      | 10_000 | 100   | ONE_WRITE        | new Calls(1, 1)  | new BatchRead(20, 10, 1)
        'azure:https://pay.vault.azure.net'               || 'Azure Key Vault'     | 30     | 350    | 50    | new Calls(1, 1)  | new Calls(1, 1)  | BatchRead.ONE_BY_ONE
        'azure:https://pay.vault.azure.net?rate.read=100' || 'Azure Key Vault'     | 30     | 100    | 50    | new Calls(1, 1)  | new Calls(1, 1)  | BatchRead.ONE_BY_ONE
        'vault:http://127.0.0.1:8200/secret'              || 'HashiCorp Vault'     | 200    | 500    | 100   | new Calls(0, 2)  | new Calls(0, 2)  | BatchRead.ONE_BY_ONE
        'vault:http://127.0.0.1:8200/secret?kv=1'         || 'HashiCorp Vault'     | 200    | 500    | 100   | new Calls(1, 1)  | new Calls(1, 1)  | BatchRead.ONE_BY_ONE
        'k8s:payments'                                    || 'Kubernetes Secrets'  | 50     | 50     | 50    | ONE_WRITE        | ONE_WRITE        | BatchRead.ONE_BY_ONE
        'kubernetes:payments?rate.write=0'                || 'Kubernetes Secrets'  | 0      | 50     | 50    | ONE_WRITE        | ONE_WRITE        | BatchRead.ONE_BY_ONE
        'local:secrets.db'                                || 'local'               | 0      | 0      | 0     | ONE_WRITE        | ONE_WRITE        | BatchRead.ONE_BY_ONE
        'memory:rehearsal'                                || 'memory'              | 0      | 0      | 0     | ONE_WRITE        | ONE_WRITE        | BatchRead.ONE_BY_ONE
    }

    def "a plan of 123,000 creates to #uri takes #line"() {
        given: 'no validation, so that only the writes and what they read first count'
        def plan = new PlanSummary([(Action.CREATE): 123_000L], 0, true)
        def none = new Validation(Validation.Compare.NONE, 1.0, 1.0, OnFailure.STOP)

        when:
        def store = new Estimator(Execution.defaults(), none, 100).estimate(plan, uri, costs(uri)).stores().first()

        then:
        EstimateText.time(store) == line

        where:
        uri                                  || line
        'aws:us-east-1/app/'                 || "about 41 min at AWS Secrets Manager's 50 writes/s"
        'aws:us-east-1/app/?rate.write=25'   || "about 1 h 22 min at AWS Secrets Manager's 25 writes/s"
        'azure:https://pay.vault.azure.net'  || "about 1 h 14 min at Azure Key Vault's 30 writes/s"
        'vault:http://127.0.0.1:8200/secret' || "about 21 min at HashiCorp Vault's 200 writes/s"
        'k8s:payments'                       || "about 41 min at Kubernetes Secrets' 50 writes/s"
        'memory:rehearsal'                   || 'not paced, so as fast as the store answers'
    }

    def "a rate option that is not a number is refused, naming the option"() {
        when:
        costs('aws:us-east-1?rate.write=fast')

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains("'rate.write'")
    }

    def "#seconds s reads as '#text'"() {
        expect:
        EstimateText.about(Duration.ofMillis((long) (seconds * 1000))) == text

        where:
        seconds || text
        0       || 'under a second'
        0.4     || 'under a second'
        0.6     || 'about 1 s'
        59.4    || 'about 59 s'
        59.6    || 'about 1 min'
        2460    || 'about 41 min'
        3569    || 'about 59 min'
        3600    || 'about 1 h'
        4451    || 'about 1 h 14 min'
        90_000  || 'about 25 h'
    }

    def "an estimate with no call says so"() {
        given:
        def idle = new Estimate.StoreCalls('target', 'memory:x', 'memory', 0, 0, 0, 0, Duration.ZERO, null)

        expect:
        EstimateText.time(idle) == 'no calls'
    }
}
