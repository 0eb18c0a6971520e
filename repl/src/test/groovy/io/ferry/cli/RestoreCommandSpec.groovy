package io.ferry.cli

import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/** {@code ferry backup}, {@code ferry backups}, {@code ferry restore} and {@code ferry rollback --target} from the command line. */
class RestoreCommandSpec extends Specification {

    static final String CANARY = 'restore-cli-canary-5d1e'

    @TempDir
    Path dir

    FerryCli cli
    String store

    def setup() {
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'restore-spec'])
        store = "memory:restore-${UUID.randomUUID()}"
        cli.write(store, SecretRecord.ofText('app/a', 'a-1'), SecretRecord.ofText('app/b', 'b-1'), SecretRecord.ofText('db/c', 'c-1'))
    }

    String backup(String... options) {
        def result = cli.run((['backup', store] + options.toList()) as String[])
        assert result.exitCode == 0: result.err
        (result.out =~ /^restore point (\S+) of /)[0][1]
    }

    def "a backup names its point, backups lists it with store, key count and age, and restore plans before it writes"() {
        given:
        def point = backup()
        cli.write(store, SecretRecord.ofText('app/a', 'changed'))

        when:
        def listed = cli.run('backups')
        def listedJson = cli.run('backups', '--output', 'json').json()
        def dryRun = cli.run('restore', point, '--dry-run')

        then:
        listed.exitCode == 0
        listed.out.readLines()[0] ==~ /NAME\s+KEYS\s+AGE\s+TAKEN BY\s+STORE/
        listed.out.readLines()[1] ==~ /${point}\s+3\s+\d+s\s+ferry backup\s+${store}/
        listedJson*.name == [point]
        listedJson[0].keyCount == 3

        and: 'the dry run shows the plan and writes nothing'
        dryRun.exitCode == 0
        dryRun.out.contains("from:       point:$point")
        dryRun.out.contains('1 to update')
        cli.read(store, 'app/a').value().text() == 'changed'

        when:
        def restored = cli.run('restore', point, '--yes')

        then: 'the restore is a run: written, validated, and undone by rollback'
        restored.exitCode == 0
        cli.read(store, 'app/a').value().text() == 'a-1'
        cli.run('rollback', restored.runId()).exitCode == 0
        cli.read(store, 'app/a').value().text() == 'changed'
    }

    def "restore --delete-extra shows the deletions in the plan, deletes them, and a rollback writes them back"() {
        given:
        def point = backup()
        cli.write(store, SecretRecord.ofText('app/new', CANARY))

        when:
        def dryRun = cli.run('restore', point, '--delete-extra', '--dry-run')
        def dryJson = cli.run('restore', point, '--delete-extra', '--dry-run', '--output', 'json').json()

        then: 'the plan names the deletion and its reason, never the value, and nothing is deleted'
        dryRun.exitCode == 0
        dryRun.out.contains("  # delete    app/new  (not in point:$point; deleted as extra, and written back by a rollback)")
        dryRun.out.contains('0 conflicts, 0 invalid, 1 to delete')
        dryJson.plan.delete == 1
        !(dryRun.out + dryRun.err).contains(CANARY)
        cli.keys(store).contains('app/new')

        when:
        def restored = cli.run('restore', point, '--delete-extra', '--yes')
        def shown = cli.run('show', restored.runId())

        then:
        restored.exitCode == 0
        cli.keys(store) == ['app/a', 'app/b', 'db/c']
        shown.out =~ /(?m)^  # delete    done\s+app\/new  \(not in point:/
        !(restored.out + restored.err + shown.out).contains(CANARY)

        when:
        def undone = cli.run('rollback', restored.runId())

        then:
        undone.exitCode == 0
        cli.read(store, 'app/new').value().text() == CANARY
    }

    def "ls point:NAME lists what a restore point holds by key, never a value, from an owner-only state store"() {
        given:
        cli.write(store, SecretRecord.ofText('app/a', CANARY))
        def point = backup()

        when:
        def listed = cli.run('ls', "point:$point")
        def under = cli.run('ls', "point:$point", 'app/')
        def json = cli.run('ls', "point:$point", '--output', 'json').json()

        then:
        listed.exitCode == 0
        listed.out.readLines()[0] ==~ /KEY\s+VERSION\s+UPDATED\s+TAGS/
        listed.out.readLines().drop(1).collect { it.split(/\s+/)[0] } == ['app/a', 'app/b', 'db/c']
        under.out.readLines().drop(1).collect { it.split(/\s+/)[0] } == ['app/a', 'app/b']
        json*.key == ['app/a', 'app/b', 'db/c']
        !(listed.out + listed.err + under.out + json.toString()).contains(CANARY)

        and:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve('.ferry/state.db'))) == 'rw-------'
    }

    def "ls of a restore point that is not there is one line with exit 2, and creates no state store: #what"() {
        given:
        if (taken) {
            backup()
        }

        when:
        def result = cli.run('ls', 'point:rp-missing')

        then:
        result.exitCode == 2
        result.err.readLines().size() == 1
        result.err.startsWith("ferry: no restore point 'rp-missing'")
        result.err.trim().endsWith(fix)
        Files.exists(dir.resolve('.ferry/state.db')) == taken

        where:
        what                   | taken || fix
        'no state store'       | false || 'take one with: ferry backup URI'
        'another point exists' | true  || 'list them with: ferry backups'
    }

    def "get and health do not open a restore point, and say which commands do: #command"() {
        when:
        def result = cli.run(*args)

        then:
        result.exitCode == 2
        result.err.readLines().size() == 1
        result.err.startsWith('ferry: point:rp-1 is a restore point, kept in the state store')
        result.err.contains('ferry ls point:rp-1')
        result.err.trim().endsWith('ferry restore rp-1')
        !Files.exists(dir.resolve('.ferry/state.db'))

        where:
        command  | args
        'get'    | ['get', 'point:rp-1', 'app/db']
        'health' | ['health', 'point:rp-1']
    }

    def "bad input is one line with its exit code, and nothing is done: #what"() {
        given:
        def point = backup()

        when:
        def result = cli.run(args.collect { it.replace('POINT', point).replace('STORE', store) } as String[])

        then:
        result.exitCode == code
        result.err.readLines().size() == 1
        result.err.startsWith("ferry: $message".replace('POINT', point))
        cli.run('runs').out.contains('no runs')

        where:
        what                 | args                                              | code | message
        'keys match nothing' | ['restore', 'POINT', '--keys', 'none/**', '--yes'] | 1    | "no key of restore point POINT matches --keys 'none/**'; nothing was restored"
        'unknown point'      | ['restore', 'rp-unknown', '--yes']                | 2    | "no restore point 'rp-unknown' in "
        'unknown versions'   | ['backup', 'STORE', '--versions', 'some']         | 2    | "--versions 'some' is not one of 'current', 'all'"
        'bad retention'      | ['backup', 'STORE', '--retention', 'forever']     | 2    | "--retention 'forever' is not a duration"
        'not a local file'   | ['backup', 'STORE', '--to', 'memory:x']           | 2    | "--to 'memory:x' is not a local store file"
    }

    def "a run that backs up its target names its restore point in show"() {
        given:
        def target = "memory:restore-t-${UUID.randomUUID()}"
        cli.write(target, SecretRecord.ofText('app/a', 'old'))
        Files.writeString(dir.resolve('copy.groovy'), """
            runbook {
                source '$store'
                target '$target'
                planning { onExisting 'update'; takeOwnership true }
                execution { backup 'target' }
            }""")

        when:
        def run = cli.run('run', 'copy.groovy', '--yes')
        def shown = cli.run('show', run.runId())
        def shownJson = cli.run('show', run.runId(), '--output', 'json').json()

        then:
        run.exitCode == 0
        shown.out =~ /(?m)^  restore point: rp-\S+ of the target ${target} \(1 secrets\); restore it with: ferry restore rp-\S+$/
        shownJson.restorePoints*.role == ['target']
    }

    def "rollback --target that is not the run's target is one line with exit 1, and the run stands"() {
        given:
        def target = "memory:restore-t-${UUID.randomUUID()}"
        def run = cli.run('copy', store, target, '--yes')

        when:
        def wrong = cli.run('rollback', run.runId(), '--target', 'memory:elsewhere')

        then:
        wrong.exitCode == 1
        wrong.err.readLines() == ["ferry: run ${run.runId()} wrote to $target, not to 'memory:elsewhere'; nothing was rolled back; give --target $target or leave --target out".toString()]
        cli.keys(target).size() == 3

        when:
        def right = cli.run('rollback', run.runId(), '--target', target)

        then:
        right.exitCode == 0
        cli.keys(target).isEmpty()
    }
}
