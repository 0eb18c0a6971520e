package io.ferry.cli

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory
import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.ZoneId

/**
 * {@code ferry schedule} and the maintenance-window options of {@code ferry run}: the crontab line
 * and the CronJob that start a runbook in its windows, and what happens outside a window. The
 * windows here open on 29 February only, so that the real clock is outside them.
 */
class ScheduleCommandSpec extends Specification {

    @TempDir
    Path dir

    FerryCli cli
    String source
    String target

    def setup() {
        cli = new FerryCli(dir)
        source = "memory:schedule-src-${UUID.randomUUID()}"
        target = "memory:schedule-dst-${UUID.randomUUID()}"
        cli.write(source, (1..3).collect { SecretRecord.ofText("app/key-$it", "value-$it") } as SecretRecord[])
    }

    Path runbook(String name, String schedule, String execution = 'batchSize 20') {
        def file = dir.resolve(name)
        Files.writeString(file, """\
            runbook {
                source '$source'
                target '$target'
                $schedule
                execution { $execution }
            }
            """.stripIndent())
        file
    }

    def "--print-crontab prints the crontab line that runs the runbook at each window, from its directory"() {
        given:
        def file = runbook('V1__nightly.groovy', "schedule cron: '0 2 * * 0', window: '2h'")
        def zone = ScheduleExport.zoneName(ZoneId.systemDefault())

        when:
        def r = cli.run('schedule', '--print-crontab', 'V1__nightly.groovy')

        then:
        r.exitCode == 0
        r.out.readLines() == [
                "# V1__nightly: cron '0 2 * * 0', window 2h, read in $zone; cron must run in that zone. Each start runs or continues the run until the window closes.".toString(),
                "0 2 * * 0 cd '$dir' && ferry --state '${dir.resolve('.ferry/state.db')}' run '$file' --yes >> '${dir.resolve('.ferry/schedule.log')}' 2>&1".toString()]
    }

    def "--print-kubernetes prints a CronJob in the conventions of deploy/kubernetes that runs the runbook at each window"() {
        given:
        runbook('V2__Payments_Archive.groovy', "schedule cron: '30 1 * * 6', window: '90m'")

        when:
        def r = cli.run('schedule', '--print-kubernetes', 'V2__Payments_Archive.groovy')
        def job = new ObjectMapper(new YAMLFactory()).readTree(r.out)

        then:
        r.exitCode == 0
        r.out.startsWith("# Runbook V2__Payments_Archive in its maintenance windows: cron '30 1 * * 6', window 90m, read in ")
        job.kind.asText() == 'CronJob'
        job.apiVersion.asText() == 'batch/v1'
        job.metadata.name.asText() == 'ferry-v2-payments-archive'
        job.metadata.namespace.asText() == 'ferry'
        job.spec.schedule.asText() == '30 1 * * 6'
        job.spec.timeZone.asText() == ScheduleExport.zoneName(ZoneId.systemDefault())
        job.spec.concurrencyPolicy.asText() == 'Forbid'
        job.spec.startingDeadlineSeconds.asLong() == 5400

        and: 'the container runs the runbook from the ConfigMap, with the journal in PostgreSQL'
        def pod = job.spec.jobTemplate.spec.template.spec
        pod.restartPolicy.asText() == 'Never'
        def container = pod.containers[0]
        container.args*.asText() == ['run', '/runbooks/V2__Payments_Archive.groovy', '--yes']
        container.env.find { it.name.asText() == 'FERRY_STATE' }.value.asText().startsWith('postgresql://')
        container.env.find { it.name.asText() == 'FERRY_JOURNAL_KEY' }.valueFrom.secretKeyRef.name.asText() == 'ferry-journal-key'
        pod.volumes.find { it.name.asText() == 'runbooks' }.configMap.name.asText() == 'ferry-runbooks'
    }

    def "a runbook without a schedule has nothing to schedule: one line, exit 2"() {
        given:
        runbook('V3__plain.groovy', '')

        when:
        def r = cli.run('schedule', '--print-crontab', 'V3__plain.groovy')

        then:
        r.exitCode == 2
        r.err.trim() == "ferry: runbook V3__plain has no schedule to run; add one to it: schedule cron: '0 2 * * 0', window: '2h'"
    }

    def "a cron expression that cannot be read is a problem at its file, line and column"() {
        given:
        runbook('V4__typo.groovy', "schedule cron: '0 2 * *', window: '2h'")

        when:
        def r = cli.run('run', 'V4__typo.groovy', '--yes')

        then:
        r.exitCode == 2
        r.err.trim().startsWith("ferry: ${dir.resolve('V4__typo.groovy')}:4:14: cron expression '0 2 * *' cannot be read")
    }

    def "outside its windows run starts nothing and says when the next opens; --now opens one now"() {
        given:
        runbook('V5__leap.groovy', "schedule cron: '0 0 29 2 *', window: '2h'")

        when:
        def closed = cli.run('run', 'V5__leap.groovy', '--yes')

        then:
        closed.exitCode == 7
        closed.err.trim() ==~ /ferry: runbook V5__leap writes in maintenance windows \(cron '0 0 29 2 \*', window 2h\) and none is open now; the next opens at \d{4}-02-29T\S+; run ferry run \S+V5__leap.groovy then, or now with --now/
        cli.keys(target).isEmpty()

        when:
        def now = cli.run('run', 'V5__leap.groovy', '--yes', '--now')

        then:
        now.exitCode == 0
        cli.keys(target).size() == 3
    }

    def "the plan of a windowed runbook says how many windows it needs, and one whose batch outlasts the window is refused"() {
        given:
        runbook('V6__slow.groovy', "schedule cron: '0 2 * * 0', window: '1m'", 'batchSize 2; writesPerSecond 0.05')
        runbook('V7__slower.groovy', "schedule cron: '0 2 * * 0', window: '1m'", 'batchSize 20; writesPerSecond 0.05')

        when: 'two records a batch at 0.05 writes a second: 40 s a batch, one batch a window, two batches'
        def plan = cli.run('plan', 'V6__slow.groovy')

        then:
        plan.exitCode == 0
        plan.out.readLines().any { it == "    windows:  2 maintenance windows (cron '0 2 * * 0', window 1m), each taking the whole batches that fit in it" }

        when:
        def refused = cli.run('plan', 'V7__slower.groovy')

        then:
        refused.exitCode == 2
        refused.err.trim() == "ferry: the maintenance window of 1m is shorter than one batch of 20 records takes (about 7 min at the runbook's cap of 0.05 writes/s); widen the window, or lower execution batchSize to fit it"
    }
}
