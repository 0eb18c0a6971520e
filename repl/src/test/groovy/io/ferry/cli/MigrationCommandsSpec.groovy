package io.ferry.cli

import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager
import java.time.Instant

class MigrationCommandsSpec extends Specification {

    static final String CANARY = 'CANARY-cli-mig-6a1e'

    @TempDir
    Path dir

    FerryCli cli
    String source
    String target

    def setup() {
        cli = new FerryCli(dir)
        def id = UUID.randomUUID().toString()
        source = "memory:mig-src-$id"
        target = "memory:mig-dst-$id"
        cli.write(source, SecretRecord.ofText('app/a', "a-$CANARY"), SecretRecord.ofText('app/b', "b-$CANARY"))
        Files.writeString(dir.resolve('V1__migrate.groovy'), """
            runbook {
                source '$source'
                target '$target'
                monitoring { sync every: '5m'; shadowRead every: '50ms', during: '100ms'; minMatchRate 0.99 }
            }
            """.stripIndent())
    }

    def "a sync pass that cannot use its store ends with the exit code a run gives for it: #why"() {
        given:
        Files.writeString(dir.resolve('V1__unusable.groovy'), """
            runbook {
                source '$store'
                target '$target'
            }
            """.stripIndent())
        if (existing) {
            new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'the store passphrase']).write(store, SecretRecord.ofText('k', 'v'))
        }
        cli = new FerryCli(dir, [HOME: dir.resolve('home').toString()])
        def run = cli.run('copy', store, target, '--yes')

        when:
        def sync = cli.run('sync', 'V1__unusable.groovy', '--once')

        then: 'one cause, one exit code'
        run.exitCode == 6
        sync.exitCode == 6
        (sync.out + sync.err).contains(says)

        where:
        why                               | store              | existing || says
        'no kubeconfig to be found'       | 'k8s:payments'     | false    || 'k8s found no cluster to talk to'
        'no passphrase for its store'     | 'local:secrets.db' | true     || 'no passphrase for local store'
        'a local store that is not there' | 'local:secrets.db' | false    || 'there is no local store at'
    }

    def "sync copies what changed pass after pass, pauses and resumes, and writes metrics"() {
        when: "a first pass"
        def first = cli.run('sync', 'V1__migrate.groovy', '--once', '--propagate-deletes', '--metrics-file', 'metrics/ferry.prom')
        def syncId = (first.out =~ /sync (sync-\S+):/)[0][1]

        then:
        first.exitCode == 0
        first.out.contains("sync $syncId: $source -> $target, every 5m, deletions carried over")
        first.out =~ /pass 1 \(compare\): 2 changed, 0 deleted; run \S+ SUCCEEDED/
        cli.keys(target).toSorted() == ['app/a', 'app/b']
        Files.readString(dir.resolve('metrics/ferry.prom')).contains("ferry_records_processed_total{migration=\"$syncId\",runbook=\"V1__migrate\"} 2")

        when: "the source changes and the sync is paused"
        cli.write(source, SecretRecord.ofText('app/c', "c-$CANARY"))
        cli.delete(source, 'app/a')
        def paused = cli.run('pause', syncId.substring(0, 14))
        def held = cli.run('resume', syncId, '--once')

        then: "resuming lets the next pass go, which copies only the change and the deletion"
        paused.exitCode == 0
        paused.out.contains("sync $syncId paused after 1 passes; continue it with: ferry resume $syncId")
        held.exitCode == 0
        held.out =~ /pass 2 \(changes\): 1 changed, 1 deleted; run \S+ SUCCEEDED/
        cli.keys(target).toSorted() == ['app/b', 'app/c']

        and: "no value was printed"
        !(first.out + first.err + held.out + held.err).contains(CANARY)
    }

    def "resume of a sync that another host runs lets that host go on, naming it, and runs no pass here"() {
        given: 'a sync, paused, whose lease a process on another host holds for ten more minutes'
        def first = cli.run('sync', 'V1__migrate.groovy', '--once')
        def syncId = (first.out =~ /sync (sync-\S+):/)[0][1]
        cli.run('pause', syncId)
        DriverManager.getConnection("jdbc:sqlite:${dir.resolve('.ferry/state.db')}").withCloseable { c ->
            def st = c.prepareStatement('INSERT INTO ferry_leases (name, pid, host, token, taken_at, expires_ms) VALUES (?, ?, ?, ?, ?, ?)')
            st.setString(1, "sync:$syncId".toString())
            st.setLong(2, 4242)
            st.setString(3, 'build-host-7')
            st.setString(4, UUID.randomUUID().toString())
            st.setString(5, Instant.now().toString())
            st.setLong(6, Instant.now().plusSeconds(600).toEpochMilli())
            st.executeUpdate()
        }
        cli.write(source, SecretRecord.ofText('app/c', "c-$CANARY"))

        when:
        def resumed = cli.run('resume', syncId)

        then:
        resumed.exitCode == 0
        resumed.out.trim() == "sync $syncId resumed; process 4242 on build-host-7 runs its next pass"
        !cli.keys(target).contains('app/c')
    }

    def "pause refuses a run, naming what to do instead"() {
        given:
        def run = cli.run('run', 'V1__migrate.groovy', '--yes')

        when:
        def pause = cli.run('pause', run.runId())

        then:
        pause.exitCode == 2
        pause.err.trim() == "ferry: ${run.runId()} is a run, not a sync; only a sync can be paused (stop a run with Ctrl-C, and continue it with: ferry resume ${run.runId()})"
    }

    def "a run prints where its report is; phase shows the evidence, refuses a gate that does not hold, and moves on when it does"() {
        given:
        def run = cli.run('run', 'V1__migrate.groovy', '--yes')
        def id = run.runId()

        expect:
        run.err.contains("ferry: report: ${dir.resolve(".ferry/reports/$id/report.html")}")
        Files.isRegularFile(dir.resolve(".ferry/reports/$id/report.json"))

        when:
        def shown = cli.run('phase', id)

        then:
        shown.exitCode == 0
        shown.out.startsWith("$id: copying since ")
        shown.out.contains("  copy:          run $id is SUCCEEDED")
        shown.out.contains('  next:          dual-write, ready: the copy is done')

        when:
        def skipped = cli.run('phase', id, '--to', 'cutover')

        then:
        skipped.exitCode == 2
        skipped.err.trim() == "ferry: cannot move $id from copying to cutover: from copying the next phase is dual-write (or rolled-back); phases are passed one at a time"

        when:
        cli.run('phase', id, '--to', 'dual-write')
        cli.run('phase', id, '--to', 'shadow-read')
        def early = cli.run('phase', id, '--to', 'cutover')

        then: "cutover waits for shadow-read evidence"
        early.exitCode == 3
        early.err.contains("no shadow-read check has compared a record yet; the match rate must hold at or above 0.9900 for 100ms: ferry monitor $id")

        when:
        def monitor = cli.run('monitor', id, '--metrics-file', 'ferry.prom')
        def cut = cli.run('phase', id, '--to', 'cutover')

        then:
        monitor.exitCode == 0
        monitor.out =~ /compared 2, matched 2, mismatched 0, missing 0, match rate 1\.0000/
        monitor.out.contains('passed: the match rate held at or above 0.9900 for 100ms')
        Files.readString(dir.resolve('ferry.prom')).contains("ferry_match_rate{migration=\"$id\",runbook=\"V1__migrate\"} 1")
        Files.readString(dir.resolve('ferry.prom')).contains("ferry_phase{migration=\"$id\",phase=\"shadow-read\"} 1")
        cut.exitCode == 0
        cut.out.startsWith("moved $id to cutover: the shadow-read match rate held at or above 0.9900 for 100ms")

        when:
        def json = cli.run('phase', id, '--output', 'json')

        then:
        Json.MAPPER.readTree(json.out).get('phase').asText() == 'cutover'
        Json.MAPPER.readTree(json.out).get('history').size() == 4
    }

    def "a migration can be rolled back from its phase, which undoes its writes"() {
        given:
        def id = cli.run('run', 'V1__migrate.groovy', '--yes').runId()
        cli.run('phase', id, '--to', 'dual-write')

        when:
        def back = cli.run('phase', id, '--to', 'rolled-back')

        then:
        back.exitCode == 0
        back.out.startsWith("moved $id to rolled-back: rollback is possible from dual-write")
        cli.keys(target).isEmpty()
    }

    def "an unknown phase lists the phases"() {
        given:
        def id = cli.run('run', 'V1__migrate.groovy', '--yes').runId()

        when:
        def wrong = cli.run('phase', id, '--to', 'done')

        then:
        wrong.exitCode == 2
        wrong.err.trim() == "ferry: --to: unknown phase 'done'; phases are copying, dual-write, shadow-read, cutover, complete, rolled-back"
    }

    def "ferry #command --help describes the command"() {
        when:
        def result = cli.run(command, '--help')

        then:
        result.exitCode == 0
        result.out.contains("Usage: ferry $command")
        result.err.isEmpty()

        where:
        command << ['sync', 'pause', 'phase', 'monitor']
    }
}
