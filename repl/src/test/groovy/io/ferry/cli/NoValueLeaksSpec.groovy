package io.ferry.cli

import io.ferry.secret.SecretRecord
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.canary.Canary
import io.ferry.testkit.canary.Canary.Shape
import io.ferry.testkit.canary.HostileRunbooks
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.ServerKnobs.Fault
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Every command that touches values, run through the command line against a store that quotes what
 * it is sent and code that throws messages built from the value: the canary is in no output, log,
 * file under the working or home directory, journal column, audit line or report, in any encoding.
 * Each command also runs with --verbose, whose stack traces obey the same rule.
 */
class NoValueLeaksSpec extends Specification {

    @TempDir
    Path dir

    @TempDir
    Path home

    Canary canary = Canary.create()
    FerryCli cli
    String values
    String target
    List<List> ran = []
    ByteArrayOutputStream logs = new ByteArrayOutputStream()
    PrintStream stdout = System.out
    PrintStream stderr = System.err

    def setup() {
        cli = new FerryCli(dir, [HOME: home.toString(), FERRY_LOCAL_PASSPHRASE: 'canary-spec',
                                 AWS_ACCESS_KEY_ID: AwsSecretsManagerServer.ACCESS_KEY,
                                 AWS_SECRET_ACCESS_KEY: AwsSecretsManagerServer.SECRET_KEY])
        def id = UUID.randomUUID()
        values = "memory:canary-values-$id"
        target = "memory:canary-target-$id"
        cli.write(values, canary.record('app/db', Shape.NESTED_JSON), canary.record('app/plain', Shape.TEXT),
                canary.record('app/bin', Shape.BINARY), SecretRecord.ofText('app/other', 'not secret at all'))
        System.out = new PrintStream(logs, true)
        System.err = new PrintStream(logs, true)
    }

    def cleanup() {
        System.out = stdout
        System.err = stderr
    }

    def "copy, plan, apply, show, runs, resume, retry and rollback against a store that quotes what it is refused (#thrown)"() {
        given:
        def hostile = "hostile:$target?fail=write,delete&throw=$thrown"

        when:
        def plan = ferry('copy', values, hostile, '--dry-run')
        ferry('apply', plan.runId())
        ferry('show', plan.runId())
        def shown = ferry('show', plan.runId(), '--output', 'json')
        ferry('show', plan.runId(), '--status', 'failed')
        ferry('runs')
        ferry('runs', '--output', 'json')
        ferry('resume', plan.runId())
        ferry('retry', plan.runId(), 'app/db', 'app/bin')
        ferry('rollback', plan.runId())
        ferry('copy', values, hostile, '--yes', '--on-existing', 'update')
        def read = ferry('copy', "hostile:$values?fail=read", target, '--yes')
        ferry('copy', "hostile:$values?fail=list", target, '--yes')
        ferry('copy', values, "hostile:$target?fail=health", '--yes')

        then: 'the store refused every write, and what it said is named by type alone'
        shown.out.contains(thrown == 'foreign' ? 'StoreSaid (message withheld' : 'INVALID: the hostile store refused the write')
        read.exitCode != 0

        and:
        noValueAnywhere()

        where:
        thrown << ['foreign', 'provider']
    }

    def "a transform whose #expression as Integer fails on the value is named by type and runbook line"() {
        given:
        Files.writeString(dir.resolve('V1__cast.groovy'), HostileRunbooks.castingTransform(values, target, expression))
        Files.writeString(dir.resolve('V2__throw.groovy'), HostileRunbooks.throwingTransform(values, target, 'stop'))
        Files.writeString(dir.resolve('V3__flag.groovy'), HostileRunbooks.throwingTransform(values, target, 'flag'))

        when:
        def plan = ferry('plan', 'V1__cast.groovy')
        ferry('plan', 'V1__cast.groovy', '--output', 'json')
        def run = ferry('run', 'V1__cast.groovy', '--yes')
        ferry('show', run.runId())
        def json = ferry('show', run.runId(), '--output', 'json')
        ferry('retry', run.runId(), 'app/db')
        ferry('run', 'V2__throw.groovy', '--yes')
        def flagged = ferry('run', 'V3__flag.groovy', '--yes')
        ferry('show', flagged.runId(), '--status', 'flagged')
        ferry('resume', flagged.runId())
        ferry('rollback', run.runId())

        then: 'the failure names the exception and the line of the runbook'
        plan.out.contains("$exception at V1__cast.groovy:6 (message withheld: it may hold a value)")
        json.out.contains("$exception at V1__cast.groovy:6")

        and:
        noValueAnywhere()

        where:
        expression         || exception
        'rec.json.db.port' || 'NumberFormatException'
        'rec.json.db'      || 'GroovyCastException'
    }

    def "hooks, rollback hooks and procedure steps that throw the value are named by type and runbook line"() {
        given:
        Files.writeString(dir.resolve('V1__hooks.groovy'), HostileRunbooks.failingHooks(values, target, values, 'app/plain'))
        Files.writeString(dir.resolve('V2__before.groovy'), HostileRunbooks.failingBeforeHook(values, target, values, 'app/plain'))
        Files.writeString(dir.resolve('V3__steps.groovy'), HostileRunbooks.failingProcedure(values, 'app/plain'))

        when:
        def hooks = ferry('run', 'V1__hooks.groovy', '--yes')
        ferry('show', hooks.runId())
        ferry('rollback', hooks.runId())
        ferry('show', hooks.runId(), '--output', 'json')
        def before = ferry('run', 'V2__before.groovy', '--yes')
        ferry('resume', before.runId())
        def steps = ferry('run', 'V3__steps.groovy', '--yes')
        ferry('show', steps.runId())
        ferry('show', steps.runId(), '--output', 'json')
        ferry('resume', steps.runId())
        ferry('rollback', steps.runId())
        ferry('runs', '--output', 'json')

        then: 'the hook and the step that failed are named, with the exception and the line'
        Files.readString(dir.resolve(".ferry/audit/${hooks.runId()}.jsonl")).contains('IllegalStateException at V1__hooks.groovy:')
        before.out.contains('before execution hook failed: IllegalStateException at V2__before.groovy:4')
        steps.out.contains("failed       use the value  NumberFormatException at V3__steps.groovy:9")

        and:
        noValueAnywhere()
    }

    def "migrate with callbacks that throw the value, and sync passes into a store that quotes it"() {
        given:
        def failing = Files.createDirectories(dir.resolve('failing'))
        Files.writeString(failing.resolve('V1__copy.groovy'), HostileRunbooks.throwingTransform(values, target, 'stop'))
        Files.writeString(failing.resolve('onError.groovy'), HostileRunbooks.failingCallback(values, 'app/plain'))
        Files.writeString(failing.resolve('afterEachRunbook.groovy'), HostileRunbooks.failingCallback(values, 'app/plain'))
        def refused = Files.createDirectories(dir.resolve('refused'))
        Files.writeString(refused.resolve('V1__copy.groovy'), HostileRunbooks.castingTransform(values, target, 'rec.json.db'))
        Files.writeString(refused.resolve('beforeMigrate.groovy'), HostileRunbooks.failingCallback(values, 'app/plain'))
        Files.writeString(dir.resolve('V1__sync.groovy'), """
            runbook {
                source '$values'
                target 'hostile:$target?fail=write'
            }
            """.stripIndent())

        when:
        ferry('migrate', 'failing')
        ferry('migrate', 'failing', '--output', 'json')
        ferry('info', 'failing')
        ferry('validate', 'failing')
        ferry('repair', 'failing')
        def callback = ferry('migrate', 'refused')
        def sync = ferry('sync', 'V1__sync.groovy', '--once')
        def copied = (sync.out =~ /run (\S+) STOPPED/)[0][1]
        def pass = ferry('show', copied, '--output', 'json')
        ferry('sync', 'V1__sync.groovy', '--once')
        ferry('runs', '--output', 'json')

        then: 'the callback is named with its line, and the sync pass failed on the store'
        callback.err.contains('callback beforeMigrate.groovy failed: IllegalStateException at beforeMigrate.groovy:1')
        sync.out.contains('4 changed records were not copied')
        pass.out.contains('StoreSaid (message withheld')

        and:
        noValueAnywhere()
    }

    def "put, get, ls, diff and health against a store that quotes values say nothing of them"() {
        given:
        def writes = "hostile:$target?fail=write"

        when: 'a value is put into a store that refuses it, quoting it'
        def put = ferryWithInput(canary.value(), 'put', writes, 'app/new')
        ferryWithInput(canary.value(), 'put', "hostile:$target?fail=write&throw=provider", 'app/new')
        ferryWithInput(canary.json(), 'put', writes, 'app/new', '--content-type', 'application/json')
        ferryWithInput(canary.value(), 'put', "hostile:$values?fail=read", 'app/plain')

        and: 'values are read, listed, compared and probed through it'
        ferry('get', values, 'app/db')
        ferry('get', values, 'app/bin')
        ferry('get', "hostile:$values?fail=read", 'app/db')
        ferry('ls', values)
        ferry('ls', "hostile:$values?fail=list")
        ferry('ls', "hostile:$values?fail=list", '--output', 'json')
        ferry('diff', values, target)
        ferry('diff', values, target, '--output', 'json')
        ferry('diff', "hostile:$values?fail=read", target)
        ferry('diff', values, "hostile:$values?fail=list")
        ferry('health', "hostile:$values?fail=health")
        ferry('health', "hostile:$values?fail=health", '--output', 'json')
        ferry('health', "hostile:$values?fail=write", '--write-probe')

        then: 'the store refused, and only its exception type is named'
        put.exitCode == 6
        put.err.startsWith('ferry: StoreSaid (message withheld')

        and:
        noValueAnywhere()
    }

    def "backup, backups, restore and show of a restore into a store that quotes what it is refused"() {
        given:
        def hostile = "hostile:$values?fail=write"

        when: 'points are taken of the values, in the state store and in a local store file'
        def backup = ferry('backup', hostile, '--versions', 'all')
        def point = (backup.out =~ /^restore point (\S+) of /)[0][1]
        ferry('backup', values, '--to', 'local:points.db', '--output', 'json')
        ferry('backups')
        ferry('backups', '--output', 'json')

        and: 'restored into the store, which refuses the writes quoting them'
        cli.write(values, SecretRecord.ofText('app/plain', 'changed'), SecretRecord.ofText('app/db', 'changed'))
        ferry('restore', point, '--dry-run')
        def restore = ferry('restore', point, '--yes')
        ferry('show', restore.runId())
        ferry('show', restore.runId(), '--output', 'json')
        ferry('restore', point, '--keys', 'none/**', '--yes')
        ferry('rollback', restore.runId(), '--target', 'memory:elsewhere')

        then: 'the writes were refused, and the refusal is named without what it quoted'
        backup.exitCode == 0
        restore.exitCode != 0

        and:
        noValueAnywhere()
    }

    def "copy and put into Secrets Manager whose refusals quote the request"() {
        given:
        def server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer
        server.knobs().faults(Fault.ECHO, 1.0, Operation.WRITE)
        def aws = "aws:us-east-1/echo/?endpoint=${server.endpoint()}&rate.attempts=1"

        when:
        def put = ferryWithInput(canary.value(), 'put', aws, 'app/new')
        def copy = ferry('copy', values, aws, '--yes')
        ferry('show', copy.runId(), '--output', 'json')
        ferry('retry', copy.runId(), 'app/db')

        then: 'Secrets Manager refused them, named by its error code'
        put.err.contains('ValidationException')
        server.stats().faults() > 0

        and:
        noValueAnywhere()

        cleanup:
        server?.close()
    }

    /** Runs a command, and again with --verbose, keeping both outputs for the search. */
    private FerryCli.Result ferry(String... args) {
        ferryWithInput('', args)
    }

    private FerryCli.Result ferryWithInput(String stdin, String... args) {
        def result = cli.runWithInput(stdin, args)
        ran << [args.toList(), result]
        def verbose = cli.runWithInput(stdin, (['--verbose'] + args.toList()) as String[])
        ran << [['--verbose'] + args.toList(), verbose]
        result
    }

    /** Searches every output, the log, every file under the working and home directories and every journal column. */
    private void noValueAnywhere() {
        def findings = []
        ran.each { args, result ->
            findings += canary.findIn("stdout of ferry ${args.join(' ')}", result.out)
            findings += canary.findIn("stderr of ferry ${args.join(' ')}", result.err)
        }
        findings += canary.findIn('the log', logs.toByteArray())
        findings += canary.findIn(dir)
        findings += canary.findIn(home)
        findings += journalColumns()
        assert ran.size() > 4
        assert Files.isRegularFile(dir.resolve('.ferry/state.db'))
        assert findings.isEmpty()
    }

    /** Every column of every table of the state store, read as it is stored: nothing is decrypted. */
    private List journalColumns() {
        def findings = []
        DriverManager.getConnection("jdbc:sqlite:${dir.resolve('.ferry/state.db')}").withCloseable { db ->
            def tables = []
            db.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'").withCloseable { rs ->
                while (rs.next()) {
                    tables << rs.getString(1)
                }
            }
            tables.each { table ->
                db.createStatement().executeQuery("SELECT * FROM \"$table\"").withCloseable { rs ->
                    def columns = rs.metaData.columnCount
                    while (rs.next()) {
                        (1..columns).each { c ->
                            byte[] cell = rs.getBytes(c)
                            if (cell != null) {
                                findings += canary.findIn("${table}.${rs.metaData.getColumnName(c)}", cell)
                            }
                        }
                    }
                }
            }
        }
        findings
    }
}
