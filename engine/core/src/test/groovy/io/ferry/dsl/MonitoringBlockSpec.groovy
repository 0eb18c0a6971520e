package io.ferry.dsl

import io.ferry.runbook.Monitoring
import java.time.Duration

class MonitoringBlockSpec extends RunbookSpecification {

    def "monitoring declares a sync, a shadow read and its bar"() {
        when:
        def rb = compileOptions("monitoring { sync every: '5m'; shadowRead every: '1m', during: '1h', sample: 0.1; minMatchRate 0.999 }")

        then:
        rb.monitoring().syncEvery() == Duration.ofMinutes(5)
        rb.monitoring().shadowRead().every() == Duration.ofMinutes(1)
        rb.monitoring().shadowRead().during() == Duration.ofHours(1)
        rb.monitoring().shadowRead().sample() == 0.1d
        rb.monitoring().minMatchRate() == 0.999d
    }

    def "without a monitoring block there is no sync and no shadow read"() {
        when:
        def rb = compileOptions("description 'copy'")

        then:
        rb.monitoring().syncEvery() == null
        rb.monitoring().shadowRead() == null
        rb.monitoring().minMatchRate() == 1.0d
    }

    def "a duration of #text is #expected"() {
        expect:
        Monitoring.parseDuration(text, 'wait') == expected

        where:
        text        || expected
        '0'         || Duration.ZERO
        '500ms'     || Duration.ofMillis(500)
        '30s'       || Duration.ofSeconds(30)
        '5M'        || Duration.ofMinutes(5)
        '007h'      || Duration.ofHours(7)
        '3650d'     || Duration.ofDays(3650)
        '87600h'    || Duration.ofDays(3650)
    }

    def "a shadow read samples every record unless told otherwise"() {
        expect:
        compileOptions("monitoring { shadowRead every: '30s', during: '10m' }").monitoring().shadowRead().sample() == 1.0d
    }

    def "'#snippet' is reported before the runbook runs as #expected"() {
        expect:
        problems(withOptions(snippet)) == [expected]

        where:
        snippet                                                              || expected
        "monitoring { sync every: '5x' }"                                    || "2:19: sync every '5x' is not a duration; write it as a whole number and a unit: 500ms, 30s, 5m, 1h or 1d"
        "monitoring { sync every: '99999999999d' }"                          || "2:19: sync every '99999999999d' is out of range; give a duration from 0 to 3650d"
        "monitoring { sync every: '99999999999999999999999ms' }"             || "2:19: sync every '99999999999999999999999ms' is out of range; give a duration from 0 to 3650d (315360000000ms)"
        "monitoring { shadowRead every: '1m', during: '3651d' }"             || "2:25: shadowRead during '3651d' is out of range; give a duration from 0 to 3650d"
        "monitoring { sync evry: '5m' }"                                     || "2:19: sync does not take evry; it takes every"
        "monitoring { sync every: 5 }"                                       || "2:19: sync every takes text such as '5m'"
        "monitoring { shadowRead every: '1m' }"                              || "2:25: shadowRead needs during, for example: shadowRead every: '1m', during: '1h', sample: 0.1"
        "monitoring { shadowRead every: '1h', during: '1m' }"                || "2:25: shadowRead during (1m) must be at least every (1h)"
        "monitoring { shadowRead every: '1m', during: '1h', sample: 0 }"     || "2:25: shadowRead sample must be above 0 and at most 1, got 0.0"
        "monitoring { shadowRead every: '1m', during: '1h', sample: 'x' }"   || "2:25: shadowRead sample takes a number above 0 and at most 1, such as 0.1"
        "monitoring { minMatchRate 1.5 }"                                    || "2:27: minMatchRate must be between 0 and 1, got 1.5"
        "monitoring { shadowRaed every: '1m', during: '1h' }"                || "2:14: unknown option 'shadowRaed' in monitoring; did you mean 'shadowRead'?"
        "monitoring { concurrency 4 }"                                       || "2:14: unknown option 'concurrency' in monitoring; it belongs in execution { }"
        "monitoring { sync }"                                                || "2:14: option 'sync' needs a value: sync VALUE"
    }
}
