package io.ferry.report

import com.fasterxml.jackson.databind.ObjectMapper
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.support.EngineFixture
import io.ferry.support.FlakyProviderFactory
import io.ferry.support.HeadlessChromium
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class RunReportSpec extends Specification {

    static final String CANARY = 'CANARY-report-d04f'

    @Shared
    @TempDir
    Path dir

    @Shared
    @AutoCleanup
    EngineFixture engine

    @Shared
    String runId

    def setupSpec() {
        engine = new EngineFixture(dir)
        FlakyProviderFactory.reset()
        def sourceUri = "memory:report-${UUID.randomUUID()}"
        def source = engine.open(sourceUri)
        (1..40).each {
            source.write(SecretRecord.ofText("app/k$it", "value-$it-$CANARY"), WriteCondition.upsert(), WriteOptions.none())
        }
        def file = dir.resolve('V1__reported.groovy')
        // The target throttles app/k7 and app/k8 for ever, quoting the value it refused; its writes go through a limiter.
        Files.writeString(file, """
            runbook {
                source '${sourceUri}'
                target 'flaky:report-target-${UUID.randomUUID()}?failKeys=app/k7,app/k8&kind=THROTTLED&echo=true&rate.write=1000'
                transform { rec -> if (rec.key == 'app/k3') flag 'no owner tag' }
                execution { retries 2; onError 'flag' }
            }
        """)
        runId = engine.ferry.run(engine.ferry.load(file)).runId()
    }

    def "every run writes report.json with its figures, errors, flagged records and validation"() {
        when:
        def json = new ObjectMapper().readValue(engine.ferry.reportDirectory(runId).resolve("report.json").toFile(), Map)

        then:
        json.run.id == runId
        json.run.status == 'SUCCEEDED_WITH_ISSUES'
        json.summary.planned == 40
        json.summary.written == 38
        json.summary.failed == 2
        json.summary.flagged == 3
        json.summary.processed == 40
        json.summary.retries == 4
        json.summary.throttles == 6
        json.errors*.sourceKey.sort() == ['app/k7', 'app/k8']
        json.errors.every { it.detail.startsWith('THROTTLED: flaky store refused') && it.attempts == 3 }
        json.flagged*.sourceKey.sort() == ['app/k3', 'app/k7', 'app/k8']
        json.validation.passed
        json.validation.compared == 38
        json.throughput.any { it.stage == 'execution' && it.done == 40 }
        json.throughput*.stage.containsAll(['planning', 'execution', 'validation'])
    }

    def "report.json gives each stage's records, duration and rate, and each paced store's calls, throttled answers, waits and pace"() {
        when:
        def json = new ObjectMapper().readValue(engine.ferry.reportDirectory(runId).resolve("report.json").toFile(), Map)

        then: 'every stage once, in the order they ran'
        json.stages*.stage == ['planning', 'execution', 'validation']
        json.stages.every { it.passes == 1 && it.seconds >= 0 && it.recordsPerSecond >= 0 }
        json.stages.find { it.stage == 'execution' }.records == 40
        json.stages.find { it.stage == 'validation' }.records == 38
        with(json.stages.find { it.stage == 'execution' }) {
            seconds == 0 ? recordsPerSecond == 0 : Math.abs(recordsPerSecond - records / seconds) <= Math.max(0.1, records / seconds * 0.01)
        }

        and: 'the target, whose limiter saw 38 writes land and 6 attempts throttled (two keys, three attempts each)'
        json.stores.size() == 1
        with(json.stores[0]) {
            role == 'target'
            store.startsWith('flaky:report-target-')
            calls == 44
            throttled == 6
            waitedSeconds >= 0
            lanes.size() == 1
            lanes[0].limiter == 'flaky store'
            lanes[0].operation == 'WRITE'
            lanes[0].limitedBy == 'QUOTA'
            lanes[0].calls == 44
            lanes[0].throttled == 6
            lanes[0].peakPace == 1000
            lanes[0].pace > 0 && lanes[0].pace <= 1000
        }
    }

    def "report.html opens in a headless browser with no network and shows the figures"() {
        given:
        def browser = HeadlessChromium.find()
        def page = engine.ferry.reportDirectory(runId).resolve('report.html')

        when:
        def dom = browser.dumpDom(page)

        then: "the page's own script drew the figures"
        dom.contains('data-rendered="true"')
        dom.contains('id="status">SUCCEEDED_WITH_ISSUES<')
        dom.contains('id="planned">40<')
        dom.contains('id="written">38<')
        dom.contains('id="failed">2<')
        dom.contains('id="flagged-count">3<')
        dom.contains('id="retries">4<')
        dom.contains('id="throttles">6<')
        dom.contains('id="store-throttles">6<')
        dom.contains('id="match-rate">100.00%<')
        dom.contains('<polyline data-stage="execution"')
        dom.contains('execution: 40 records')
        dom =~ /id="errors-table".*app\/k7/
        dom =~ /id="flagged-table".*no owner tag/
        dom =~ /id="validation-table".*passed/

        and: 'the stages with their rates, and the store with its throttled answers'
        dom =~ /<tr data-stage="execution"><td>execution<\/td><td class="num">1<\/td><td class="num">40<\/td>/
        dom =~ /<tr data-role="target" data-operation="WRITE"><td>target<\/td><td>flaky:report-target-[^<]*<\/td><td>flaky store<\/td><td>write<\/td><td>quota<\/td><td class="num">44<\/td><td class="num">6<\/td>/
        dom.contains('<td class="num">1,000/s</td>')

        and: "it fetches nothing"
        !(Files.readString(page) =~ /(?i)(src|href)\s*=\s*["']?(https?:|\/\/)/)
        !Files.readString(page).contains('@import')

        when: "it is rendered to an image"
        def png = Path.of('target', 'report-screenshot.png')
        Files.createDirectories(png.parent)
        browser.screenshot(page, png)

        then:
        Files.size(png) > 10_000
    }

    def "no value reaches the report, even from a store that quotes values in its errors"() {
        when:
        def dirOfReport = engine.ferry.reportDirectory(runId)
        def json = Files.readString(dirOfReport.resolve('report.json'))
        def html = Files.readString(dirOfReport.resolve('report.html'))

        then:
        json.contains('app/k7')
        !json.contains(CANARY)
        !html.contains(CANARY)
        !json.contains('value-7-')
    }

    def "metrics give the run's counts in the Prometheus text format"() {
        when:
        def text = engine.ferry.metrics(runId)

        then:
        text.contains('# TYPE ferry_records_processed_total counter')
        text.contains("ferry_records_processed_total{migration=\"${runId}\",runbook=\"V1__reported\"} 40")
        text.contains("ferry_records_failed_total{migration=\"${runId}\",runbook=\"V1__reported\"} 2")
        text.contains("ferry_records_flagged_total{migration=\"${runId}\",runbook=\"V1__reported\"} 3")
        text.contains("ferry_retries_total{migration=\"${runId}\",runbook=\"V1__reported\"} 4")
        text.contains("ferry_throttles_total{migration=\"${runId}\",runbook=\"V1__reported\"} 6")
        text.contains("ferry_validation_match_rate{migration=\"${runId}\",runbook=\"V1__reported\"} 1")
        !text.contains(CANARY)
        text.readLines().every { it.startsWith('#') || it =~ /^[a-z_]+(\{.*\})? -?[0-9.]+$/ }
    }
}
