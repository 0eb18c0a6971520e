package io.ferry.api

import io.ferry.plan.PlanSummary
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.OnFailure
import io.ferry.runbook.Validation
import io.ferry.spi.CallCosts
import io.ferry.spi.CallCosts.BatchRead
import io.ferry.spi.CallCosts.Calls
import io.ferry.state.Action
import java.time.Duration
import spock.lang.Specification

class EstimatorSpec extends Specification {

    static final Validation FULL = Validation.defaults()
    static final Validation NONE = new Validation(Validation.Compare.NONE, 1.0, 1.0, OnFailure.STOP)

    /** Stores as their adapters describe them, at made-up rates where the rate is not the point. */
    static final CallCosts MEMORY = CallCosts.unpaced('memory')
    static final CallCosts AWS = CallCosts.unpaced('AWS Secrets Manager').paced(10_000, 50, 100)
            .writes(new Calls(0, 1), new Calls(1, 1)).reads(new BatchRead(20, 100, 1))
    static final CallCosts AZURE = CallCosts.unpaced('Azure Key Vault').paced(350, 30, 50)
            .writes(new Calls(1, 1), new Calls(1, 1))
    static final CallCosts VAULT = CallCosts.unpaced('HashiCorp Vault').paced(500, 200, 100)
            .writes(new Calls(0, 2), new Calls(0, 2))

    static PlanSummary plan(long creates, long updates = 0, long unchanged = 0, long skipped = 0) {
        new PlanSummary([(Action.CREATE): creates, (Action.UPDATE): updates, (Action.UNCHANGED): unchanged,
                         (Action.SKIP): skipped], 0, true)
    }

    static Estimate.StoreCalls target(CallCosts costs, PlanSummary plan, Validation validation = FULL,
                                      double cap = 0, int batchSize = 100) {
        def execution = new Execution(4, 3, OnError.STOP, 256, cap)
        new Estimator(execution, validation, batchSize).estimate(plan, 'store:uri', costs).stores().first()
    }

    def "the records of every action are counted, in the order of the actions"() {
        when:
        def estimate = new Estimator(Execution.defaults(), FULL, 100).estimate(plan(3, 2, 1, 4), 'memory:x', MEMORY)

        then:
        estimate.records() == [create: 3L, update: 2L, unchanged: 1L, skip: 4L, conflict: 0L, invalid: 0L]
        estimate.records().keySet().toList() == ['create', 'update', 'unchanged', 'skip', 'conflict', 'invalid']
        estimate.stores()*.role() == ['target']
        estimate.stores()*.uri() == ['memory:x']
    }

    def "#store makes #writes writes, #reads reads, #batchReads batch reads and #lists listings for a plan of #creates creates, #updates updates and #unchanged unchanged"() {
        when:
        def calls = target(costs, plan(creates, updates, unchanged))

        then:
        calls.store() == store
        calls.writes() == writes
        calls.reads() == reads
        calls.batchReads() == batchReads
        calls.lists() == lists

        where: 'writes are each store\'s calls per create and update; reads are those writes make first, then validation reading back what the target holds, a page of 100 at a time'
        costs  | creates | updates | unchanged || writes | reads | batchReads | lists
        MEMORY | 10      | 5       | 5         || 15     | 20    | 0          | 1
        AWS    | 10      | 5       | 5         || 15     | 25    | 1          | 1
        AWS    | 200     | 0       | 50        || 200    | 250   | 13         | 3
        AZURE  | 10      | 5       | 5         || 15     | 35    | 0          | 1
        VAULT  | 10      | 5       | 5         || 30     | 20    | 0          | 1
        VAULT  | 0       | 0       | 0         || 0      | 0     | 0          | 1
        store = costs.store()
    }

    def "validation #compare reads back #reads of 1,000 written records"() {
        when:
        def calls = target(MEMORY, plan(1000), validation)

        then:
        calls.reads() == reads
        calls.lists() == lists

        where: 'a sample reads its fraction, rounded up; none reads nothing'
        validation                                                              || reads | lists
        FULL                                                                    || 1000  | 10
        new Validation(Validation.Compare.SAMPLE, 0.1, 1.0, OnFailure.STOP)     || 100   | 0
        new Validation(Validation.Compare.SAMPLE, 0.0015, 1.0, OnFailure.STOP)  || 2     | 0
        NONE                                                                    || 0     | 0
        compare = validation.compare().name().toLowerCase()
    }

    def "#creates creates at #rate writes/s with a runbook cap of #cap take #seconds s, paced by #by's #perSecond #kind/s"() {
        given:
        def costs = CallCosts.unpaced('Store').paced(readRate, rate, 0)

        when:
        def calls = target(costs, plan(creates, 0, unchanged), validation, cap)

        then:
        calls.duration() == Duration.ofMillis((long) (seconds * 1000))
        calls.pace() == new Estimate.Pace(by, kind, perSecond)

        where: 'the slower of the store\'s rate and the runbook\'s cap paces the writes; reads add their own time'
        creates | unchanged | rate | readRate | cap | validation || seconds | by                    | kind    | perSecond
        123_000 | 0         | 50   | 10_000   | 0   | NONE       || 2460    | 'Store'               | 'writes' | 50
        1_000   | 0         | 50   | 0        | 10  | NONE       || 100     | Estimate.Pace.RUNBOOK | 'writes' | 10
        1_000   | 0         | 5    | 0        | 10  | NONE       || 200     | 'Store'               | 'writes' | 5
        100     | 0         | 50   | 10       | 0   | FULL       || 12      | 'Store'               | 'reads'  | 10
        0       | 300       | 50   | 100      | 0   | FULL       || 3       | 'Store'               | 'reads'  | 100
    }

    def "a store whose calls are not paced takes no time that can be told in advance"() {
        when:
        def calls = target(MEMORY, plan(500, 20, 5))

        then:
        calls.duration() == Duration.ZERO
        calls.pace() == null
        calls.writes() == 520
    }

    def "the batched reads of a store with a quota of their own add their time at that quota"() {
        given: 'writes and single reads unpaced, batch reads of 20 keys at 2 a second'
        def costs = CallCosts.unpaced('Store').reads(new BatchRead(20, 2, 0))

        when:
        def calls = target(costs, plan(400))

        then: '400 records in pages of 100 are 4 pages of 5 batch reads: 20 calls, 10 s'
        calls.batchReads() == 20
        calls.reads() == 0
        calls.duration() == Duration.ofSeconds(10)
        calls.pace() == new Estimate.Pace('Store', 'batch reads', 2)
    }

    def "the estimate takes as long as its slowest store"() {
        given:
        def slow = new Estimate.StoreCalls('target', 'a:', 'A', 1, 0, 0, 0, Duration.ofSeconds(30), null)
        def fast = new Estimate.StoreCalls('target', 'b:', 'B', 1, 0, 0, 0, Duration.ofSeconds(3), null)

        expect:
        new Estimate([:], [fast, slow]).duration() == Duration.ofSeconds(30)
        new Estimate([:], []).duration() == Duration.ZERO
    }

    def "costs refuse #what"() {
        when:
        make()

        then:
        thrown(IllegalArgumentException)

        where:
        what                          | make
        'a negative rate'             | { CallCosts.unpaced('S').paced(-1, 0, 0) }
        'an infinite rate'            | { CallCosts.unpaced('S').paced(0, Double.POSITIVE_INFINITY, 0) }
        'a write of no write call'    | { new Calls(0, 0) }
        'a batch of no key'           | { new BatchRead(0, 1, 0) }
        'a negative batch rate'       | { new BatchRead(20, -1, 0) }
    }
}
