package io.ferry.cli

import io.ferry.secret.SecretRecord
import io.ferry.spi.Ownership
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Path
import java.sql.DriverManager
import java.time.Instant

class CopySpec extends Specification {

    @TempDir
    Path dir

    FerryCli cli
    String source
    String target

    def setup() {
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'copy-spec'])
        def id = UUID.randomUUID().toString()
        source = "memory:src-$id"
        target = "memory:dst-$id"
        seed(source)
    }

    void seed(String uri) {
        cli.write(uri, SecretRecord.builder('app/db-password').text('pw-1').tag('env', 'dev').build(),
                SecretRecord.builder('app/api-key').text('key-1').tag('env', 'dev').build(),
                SecretRecord.ofText('legacy/token', 'token-1'))
    }

    List<String> targetKeys() {
        cli.keys(target)
    }

    void putSource(SecretRecord rec) {
        cli.write(source, rec)
    }

    def "copy works between #from and #to stores"() {
        given:
        source = from
        target = to
        seed(source)

        when:
        def copy = cli.run('copy', source, target, '--yes')

        then:
        copy.exitCode == 0
        copy.out.contains('status:     SUCCEEDED')
        targetKeys() == ['app/api-key', 'app/db-password', 'legacy/token']
        cli.read(target, 'app/db-password').value().text() == 'pw-1'
        cli.read(target, 'app/db-password').tags().env == 'dev'

        where:
        from                             | to
        'local:from-local.db'            | 'local:to-local.db'
        'local:from-local-2.db'          | "memory:to-${UUID.randomUUID()}"
        "memory:from-${UUID.randomUUID()}" | 'local:to-local-2.db'
    }

    def "copy --yes copies every secret, validates, and show and runs report it"() {
        when:
        def copy = cli.run('copy', source, target, '--yes')

        then:
        copy.exitCode == 0
        copy.out.contains('status:     SUCCEEDED')
        copy.out.contains('plan:       3 to create, 0 to update, 0 unchanged, 0 skipped, 0 conflicts, 0 invalid')
        copy.out.contains('validation: passed: 3 of 3 matched (100.00%, required 100.00%)')
        copy.out.contains("next: details: ferry show ${copy.runId()}; undo: ferry rollback ${copy.runId()}")
        targetKeys() == ['app/api-key', 'app/db-password', 'legacy/token']
        targetKeys().every { Ownership.isOwned(cli.read(target, it)) }

        when:
        def runs = cli.run('runs')

        then:
        runs.exitCode == 0
        runs.out =~ /(?m)^${copy.runId()} +SUCCEEDED +copy +.* $source -> $target$/

        when:
        def show = cli.run('show', copy.runId().take(17))

        then:
        show.exitCode == 0
        show.out.startsWith("run ${copy.runId()}")
        show.out.contains("  from:       $source")
        show.out =~ /(?m)^  \+ create    done            app\/db-password  \(not in the target\)$/
        show.out.contains('started:    ')
        show.out.contains(' by tester')
    }

    def "copy --dry-run saves a plan that apply carries out"() {
        when:
        def plan = cli.run('copy', source, target, '--dry-run', '--include', 'app/**')

        then:
        plan.exitCode == 0
        plan.out.contains('status:     PLANNED')
        plan.out.readLines().findAll { it.startsWith('  + create') }*.trim() == [
                '+ create    app/api-key  (not in the target)', '+ create    app/db-password  (not in the target)']
        plan.out.contains("next: apply it with: ferry apply ${plan.runId()}")
        targetKeys().isEmpty()

        when:
        def apply = cli.run('apply', plan.runId())

        then:
        apply.exitCode == 0
        apply.out.contains('status:     SUCCEEDED')
        targetKeys() == ['app/api-key', 'app/db-password']
    }

    def "a plan shows whether a value changes and how tags change, never the values"() {
        given:
        cli.run('copy', source, target, '--yes')
        putSource(SecretRecord.builder('app/api-key').text('key-2').tag('env', 'prod').build())
        putSource(SecretRecord.builder('app/db-password').text('pw-1').tag('env', 'prod').build())

        when:
        def plan = cli.run('copy', source, target, '--dry-run', '--on-existing', 'update')

        then:
        plan.exitCode == 0
        plan.out.contains("  ~ update    app/api-key  value changed: yes; tag env: 'dev' -> 'prod'")
        plan.out.contains("  ~ update    app/db-password  value changed: no; tag env: 'dev' -> 'prod'")
        plan.out.contains('  = unchanged legacy/token')
        plan.out.contains('0 to create, 2 to update, 1 unchanged')
        !plan.out.contains('key-2')
        !plan.out.contains('pw-1')
    }

    def "a plan blocked by a conflict lists the conflict and exits with 4"() {
        given:
        cli.write(target, SecretRecord.ofText('app/api-key', 'someone-elses'))

        when:
        def result = cli.run('copy', source, target, '--yes', '--on-existing', 'update')

        then:
        result.exitCode == 4
        result.out.contains('status:     STOPPED')
        result.out.contains('error:      1 conflicts and 0 invalid records; nothing was written')
        result.out.contains("  ! conflict  app/api-key  exists in the target and was not written by Ferry")
        targetKeys() == ['app/api-key']

        and: 'the next step is to deal with the refused record, not to resume a plan that would be refused again'
        def next = (result.out + result.err).readLines().find { it.startsWith('next: ') }
        next.startsWith('next: review the refused records: ferry show ')
        !next.contains('resume')

        when:
        def dryRun = cli.run('copy', source, target, '--dry-run', '--on-existing', 'update')

        then:
        dryRun.exitCode == 4
        dryRun.out.readLines().findAll { it.startsWith('  ') && it.trim() =~ /^[+~=!x-] / }*.trim() == [
                "! conflict  app/api-key  exists in the target and was not written by Ferry; add 'takeOwnership true' to planning to overwrite it"]
    }

    def "--output json on copy, show and runs prints one JSON document each"() {
        when:
        def plan = cli.run('copy', source, target, '--dry-run', '--output', 'json')
        def doc = plan.json()

        then:
        plan.exitCode == 0
        doc.run.status == 'PLANNED'
        doc.exitCode == 0
        doc.plan.create == 3
        doc.plan.total == 3
        doc.items*.targetKey == ['app/api-key', 'app/db-password', 'legacy/token']
        doc.items.every { it.action == 'create' && it.status == 'pending' && it.desiredFingerprint.startsWith('hmac:') }

        when:
        def apply = cli.run('apply', doc.run.id, '--output', 'json')

        then:
        apply.exitCode == 0
        apply.json().run.status == 'SUCCEEDED'
        apply.json().validation.passed == true
        !apply.json().containsKey('items')

        when:
        def show = cli.run('show', doc.run.id, '-o', 'json', '--status', 'done')

        then:
        show.json().items.size() == 3
        show.json().itemsByStatus.done == 3

        expect:
        cli.run('runs', '--output', 'json').json()*.id == [doc.run.id]
    }

    def "show --status narrows the items"() {
        given:
        def id = cli.run('copy', source, target, '--yes').runId()

        when:
        def failed = cli.run('show', id, '--status', 'failed,flagged')
        def done = cli.run('show', id, '--status', 'DONE')
        def wrong = cli.run('show', id, '--status', 'broken')

        then:
        failed.out.contains('(no items with that status)')
        done.out.readLines().count { it.startsWith('  + create') } == 3
        wrong.exitCode == 2
        wrong.err.startsWith("ferry: --status 'broken' is not one of pending, writing, done, failed, noop, rolled_back, rollback_failed, flagged")
    }

    def "a long plan lists the first 200 items unless --all is given"() {
        given:
        (1..230).each { putSource(SecretRecord.ofText(String.format('bulk/%03d', it), "v$it")) }

        when:
        def first = cli.run('copy', source, target, '--dry-run')
        def all = cli.run('show', first.runId(), '--all')

        then:
        first.out.readLines().count { it.startsWith('  + create') } == 200
        first.out.contains('  ... 33 more; show them all with --all')
        first.out.contains('233 to create')
        all.out.readLines().count { it.startsWith('  + create') } == 233
    }

    def "diff exits with 0 when the stores are in sync and 1 when they drift"() {
        given:
        cli.run('copy', source, target, '--yes')

        when:
        def same = cli.run('diff', source, target)

        then:
        same.exitCode == 0
        same.out.contains('3 same, 0 different, 0 missing from B, 0 extra in B: in sync')

        when:
        cli.write(target, cli.read(target, 'app/api-key').toBuilder().text('changed').build(), SecretRecord.ofText('extra/key', 'x'))
        cli.delete(target, 'legacy/token')
        def drift = cli.run('diff', source, target)

        then:
        drift.exitCode == 1
        drift.out.contains('~ different  app/api-key  (the values differ)')
        drift.out.contains('- missing    legacy/token  (in A, not in B)')
        drift.out.contains('+ extra      extra/key  (in B, not in A)')
        drift.out.contains('1 same, 1 different, 1 missing from B, 1 extra in B: the stores differ')

        when:
        def json = cli.run('diff', source, target, '--output', 'json')

        then:
        json.exitCode == 1
        json.json().differences as Set == [[key: 'app/api-key', kind: 'different'], [key: 'legacy/token', kind: 'missing'],
                                           [key: 'extra/key', kind: 'extra']] as Set
        json.json().inSync == false
    }

    def "resuming a finished run is a one-line error"() {
        given:
        def id = cli.run('copy', source, target, '--yes').runId()

        when:
        def result = cli.run('resume', id)

        then:
        result.exitCode == 2
        result.err.readLines() == ["ferry: run $id already finished (SUCCEEDED); nothing to resume; to undo it: ferry rollback $id"]
    }

    def "#command of a run another host drives is one line naming it, with exit code 2, and changes nothing"() {
        given: 'a copy, and a lease on its run that a process on another host holds for ten more minutes'
        def id = cli.run('copy', source, target, '--yes').runId()
        def expires = Instant.ofEpochMilli(Instant.now().plusSeconds(600).toEpochMilli())
        holdLease(id, 4242, 'build-host-7', expires)

        when:
        def result = cli.run(*([command, id] + extra))

        then:
        result.exitCode == 2
        result.err.readLines() == ["ferry: run $id is being driven by process 4242 on build-host-7, whose lease on it expires at $expires; " +
                                           'wait for it, or if that process is gone for good, repeat the command with --force']
        targetKeys().toSorted() == ['app/api-key', 'app/db-password', 'legacy/token']
        leases() == ["run:$id".toString()]

        where:
        command    | extra
        'resume'   | []
        'retry'    | ['app/api-key']
        'rollback' | []
        'apply'    | []
    }

    def "rollback --force takes a run over from the host whose lease on it has not run out"() {
        given:
        def id = cli.run('copy', source, target, '--yes').runId()
        holdLease(id, 4242, 'build-host-7', Instant.now().plusSeconds(600))

        when:
        def result = cli.run('rollback', id, '--force')

        then:
        result.exitCode == 0
        result.out.contains('status:     ROLLED_BACK')
        targetKeys() == []
        leases() == []
    }

    private void holdLease(String runId, long pid, String host, Instant expires) {
        DriverManager.getConnection("jdbc:sqlite:${dir.resolve('.ferry/state.db')}").withCloseable { c ->
            def st = c.prepareStatement('INSERT INTO ferry_leases (name, pid, host, token, taken_at, expires_ms) VALUES (?, ?, ?, ?, ?, ?)')
            st.setString(1, "run:$runId".toString())
            st.setLong(2, pid)
            st.setString(3, host)
            st.setString(4, UUID.randomUUID().toString())
            st.setString(5, Instant.now().toString())
            st.setLong(6, expires.toEpochMilli())
            st.executeUpdate()
        }
    }

    private List<String> leases() {
        DriverManager.getConnection("jdbc:sqlite:${dir.resolve('.ferry/state.db')}").withCloseable { c ->
            def rs = c.createStatement().executeQuery('SELECT name FROM ferry_leases')
            def names = []
            while (rs.next()) {
                names << rs.getString(1)
            }
            names
        }
    }

    def "rollback removes what the copy created"() {
        given:
        def id = cli.run('copy', source, target, '--yes').runId()

        when:
        def result = cli.run('rollback', id)

        then:
        result.exitCode == 0
        result.out.contains('status:     ROLLED_BACK')
        result.out.contains('rollback:   3 restored, 0 left as they are')
        targetKeys().isEmpty()
    }

    def "rollback --keys undoes only the matching records; the rest later, and a glob matching nothing is exit 1"() {
        given:
        def id = cli.run('copy', source, target, '--yes').runId()

        when:
        def part = cli.run('rollback', id, '--keys', 'app/**')

        then:
        part.exitCode == 0
        part.out.contains('status:     PARTLY_ROLLED_BACK')
        part.out.contains("next: details: ferry show $id; undo the rest: ferry rollback $id")
        targetKeys() == ['legacy/token']
        cli.run('show', id, '--status', 'rolled_back').out.contains('app/api-key')

        when:
        def nothing = cli.run('rollback', id, '--keys', 'nope/*')

        then:
        nothing.exitCode == 1
        nothing.err.readLines() == ["ferry: no record that run $id wrote has a source or target key matching --keys 'nope/*'; " +
                "nothing was rolled back; see the run's keys with: ferry show $id"]
        targetKeys() == ['legacy/token']

        when:
        def rest = cli.run('rollback', id)

        then:
        rest.exitCode == 0
        rest.out.contains('status:     ROLLED_BACK')
        targetKeys().isEmpty()
    }

    def "without a terminal and without --yes nothing is started"() {
        when:
        def result = cli.run('copy', source, target)

        then:
        result.exitCode == 2
        result.err.readLines() == ['ferry: ferry copy needs --yes when there is no terminal to confirm the plan on; review it first with --dry-run']
        cli.run('runs', '-o', 'json').json() == []
    }

    def "on a terminal the plan is applied only after a yes"() {
        given:
        cli.terminal = FerryCli.answering(answer)

        when:
        def result = cli.run('copy', source, target)

        then:
        result.exitCode == 0
        result.out.contains('  + create    app/api-key  (not in the target)')
        result.out.contains(message)
        targetKeys().size() == written

        where:
        answer || written | message
        'y'    || 3       | 'status:     SUCCEEDED'
        'yes'  || 3       | 'status:     SUCCEEDED'
        'n'    || 0       | 'not applied; the plan stays saved as run '
        ''     || 0       | 'not applied; the plan stays saved as run '
    }

    def "--verbose adds the stack trace to an error"() {
        given:
        cli.run('copy', source, target, '--dry-run')

        when:
        def quiet = cli.run('show', 'no-such-run')
        def verbose = cli.run('show', 'no-such-run', '--verbose')

        then:
        quiet.exitCode == 2
        quiet.err.readLines().size() == 1
        quiet.err.startsWith("ferry: no run 'no-such-run' is known here: none in ${dir.resolve('.ferry/state.db')}; ")
        verbose.exitCode == 2
        verbose.err.contains('\tat ')
    }

    def "commands about past runs say that the run is not known here and where Ferry looked, and never create a state store"() {
        when:
        def runs = cli.run('runs')
        def show = cli.run(command, 'some-run')

        then:
        runs.exitCode == 0
        runs.out.startsWith("no runs: ${dir.resolve('.ferry/state.db')} does not exist")
        show.exitCode == 2
        show.err.readLines() == ["ferry: no run 'some-run' is known here: there is no state store at ${dir.resolve('.ferry/state.db')}; run ferry in the directory the run was started in, or point --state at its state.db"]
        !java.nio.file.Files.exists(dir.resolve('.ferry'))

        where:
        command << ['show', 'apply', 'resume', 'rollback', 'pause', 'monitor', 'phase']
    }

    def "copy carries a disabled secret disabled, --disabled skip leaves it out with the reason, and other choices are refused"() {
        given:
        putSource(SecretRecord.builder('app/off').text('dormant').attribute('enabled', 'false').build())
        def other = "memory:other-${UUID.randomUUID()}"

        when:
        def copied = cli.run('copy', source, target, '--yes')

        then:
        copied.exitCode == 0
        cli.read(target, 'app/off').isDisabled()

        when:
        def planned = cli.run('copy', source, other, '--dry-run', '--all', '--disabled', 'skip')
        def skipped = cli.run('copy', source, other, '--yes', '--disabled', 'skip')

        then:
        planned.out.readLines().any { it.contains('app/off') && it.contains("is disabled in the source, and discovery says disabled 'skip'") }
        skipped.exitCode == 0
        cli.keys(other) == ['app/api-key', 'app/db-password', 'legacy/token']

        when:
        def bad = cli.run('copy', source, other, '--yes', '--disabled', 'enable')

        then:
        bad.exitCode == 2
        bad.err.readLines().first().contains("--disabled 'enable' is not one of copy, skip")
        cli.keys(other) == ['app/api-key', 'app/db-password', 'legacy/token']
    }
}
