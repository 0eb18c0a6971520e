package io.ferry.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** ferry migrate, info, validate, repair, baseline and unlock; procedures through run, plan, resume and rollback. */
class MigrateCommandsSpec extends Specification {

    @TempDir
    Path dir

    FerryCli cli
    Path runbooks

    def setup() {
        cli = new FerryCli(dir)
        runbooks = Files.createDirectories(dir.resolve('runbooks'))
    }

    void procedure(String file, String body = null) {
        def name = file.replaceAll(/\.(groovy|jsh)$/, '')
        Files.writeString(runbooks.resolve(file), body ?: """
            runbook {
                step('$name') { ctx ->
                    if (new File('${path("FAIL-$name")}').exists()) throw new IllegalStateException('$name is broken')
                    new File('${path('effects.log')}') << '$name\\n'
                }
            }
        """.stripIndent())
    }

    String path(String name) {
        dir.resolve(name).toString().replace('\\', '/')
    }

    def "migrate, info and validate over a fresh, a partly applied and an edited directory"() {
        given:
        procedure('V1__one.groovy')
        procedure('V2__two.groovy')

        when:
        def first = cli.run('migrate', 'runbooks', '--target', '1')
        def info = cli.run('info', 'runbooks')

        then:
        first.exitCode == 0
        first.out.trim() == "migrated 1 runbook(s); ${runbooks} is up to date up to version 1"
        first.err.contains('applied V1__one.groovy (run ')
        info.exitCode == 0
        info.out.readLines()[0] =~ /^VERSION\s+DESCRIPTION\s+TYPE\s+INSTALLED ON\s+STATE\s+RUN/
        info.out.readLines()[1] =~ /^1\s+one\s+versioned\s+\S+ \S+ UTC\s+applied\s+\d{8}-/
        info.out.readLines()[2] =~ /^2\s+two\s+versioned\s+pending\s*$/

        when:
        def second = cli.run('migrate', 'runbooks', '--output', 'json')
        def json = second.json()

        then:
        second.exitCode == 0
        json.applied*.script == ['V2__two.groovy']
        json.applied[0].status == 'SUCCEEDED'
        json.error == null

        when: 'an applied runbook is edited'
        Files.writeString(runbooks.resolve('V1__one.groovy'), Files.readString(runbooks.resolve('V1__one.groovy')) + '// edited\n')
        def invalid = cli.run('validate', 'runbooks')
        def refused = cli.run('migrate', 'runbooks')
        def infoJson = cli.run('info', 'runbooks', '-o', 'json').json()

        then:
        invalid.exitCode == 3
        invalid.out =~ /invalid: checksum mismatch for V1__one.groovy: applied [0-9a-f]{16}, in the directory now [0-9a-f]{16}; either revert the edit, or, if it was deliberate, run: ferry repair /
        refused.exitCode == 3
        refused.err.contains('migrate refused, nothing ran: checksum mismatch for V1__one.groovy')
        infoJson*.state == ['CHANGED', 'APPLIED']
        infoJson[0].checksum != infoJson[0].appliedChecksum

        when:
        def repair = cli.run('repair', 'runbooks')
        def valid = cli.run('validate', 'runbooks')

        then:
        repair.out.trim() == 'repaired: 0 failed row(s) removed, checksums realigned for V1__one.groovy'
        valid.exitCode == 0
    }

    def "after a failure migrate says how to go on, and repair then migrate finishes"() {
        given:
        procedure('V1__one.groovy')
        Files.writeString(dir.resolve('FAIL-V1__one'), '')

        when:
        def failed = cli.run('migrate', 'runbooks')

        then:
        failed.exitCode == 5
        failed.out.contains('migrated 0 runbook(s), then stopped: V1__one.groovy failed (run ')
        failed.out.contains("then: ferry repair ${runbooks} and ferry migrate ${runbooks}")
        cli.run('info', 'runbooks').out =~ /(?m)^1\s+one\s+versioned\s+\S+ \S+ UTC\s+failed/

        when:
        Files.delete(dir.resolve('FAIL-V1__one'))
        def repaired = cli.run('repair', 'runbooks')
        def again = cli.run('migrate', 'runbooks')

        then:
        repaired.out.startsWith('repaired: 1 failed row(s) removed')
        again.exitCode == 0
        Files.readAllLines(dir.resolve('effects.log')) == ['V1__one']
    }

    def "a runbook whose local store is missing ends #command with 6, the exit code of the cause#withHook"() {
        given: 'a copy from a store that was never made, with or without a pre-check hook as V5 has'
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'migrate-commands'])
        def precheck = "discovery { before { ctx -> if (!ctx.checkSource().healthy()) ctx.fail('the source store is not usable') } }"
        Files.writeString(runbooks.resolve('V1__copy.groovy'),
                "runbook { source 'local:missing.db'; target 'local:new.db'; ${hook ? precheck : ''} }\n")

        when:
        def result = cli.run(*arguments)

        then:
        result.exitCode == 6
        result.err.contains("there is no local store at ${dir.resolve('missing.db')}")
        !result.err.contains('fix the hook')

        where:
        command   | arguments                                    | hook
        'run'     | ['run', 'runbooks/V1__copy.groovy', '--yes'] | false
        'migrate' | ['migrate', 'runbooks']                      | false
        'run'     | ['run', 'runbooks/V1__copy.groovy', '--yes'] | true
        'migrate' | ['migrate', 'runbooks']                      | true
        withHook = hook ? ', also when a pre-check hook found it' : ''
    }

    def "baseline, and the usage errors of the migrate commands"() {
        given:
        procedure('V1__one.groovy')
        procedure('V2__two.groovy')

        when:
        def baseline = cli.run('baseline', 'runbooks', '--version', '1')
        def migrate = cli.run('migrate', 'runbooks')

        then:
        baseline.out.trim() == 'baseline at version 1: runbooks up to it count as applied'
        migrate.exitCode == 0
        Files.readAllLines(dir.resolve('effects.log')) == ['V2__two']

        expect:
        cli.run('migrate', 'nowhere').err.trim().startsWith("ferry: runbook directory ${dir.resolve('nowhere')} does not exist")
        cli.run('migrate', 'runbooks', '--wait', 'soon').err.contains("--wait 'soon' is not a duration")
        cli.run('migrate', 'runbooks', '--target', 'one').err.contains("version 'one' is not numbers separated by dots")
        cli.run('unlock').out.trim() == 'the migration lock is not held'
    }

    def "a procedure runs through ferry run, lists its steps in a dry run, and rolls back"() {
        given:
        procedure('V1__proc.groovy', """
            runbook {
                step('create user') { ctx -> new File('${path('effects.log')}') << 'create\\n' } undo { ctx -> new File('${path('effects.log')}') << 'drop\\n' }
                forEach(['a', 'b'], name: 'projects', batchSize: 1) { p ->
                    step('update') { ctx -> new File('${path('effects.log')}') << "update \$p\\n" }
                }
            }
        """.stripIndent())

        when:
        def dry = cli.run('run', 'runbooks/V1__proc.groovy', '--dry-run')

        then:
        dry.exitCode == 0
        dry.out.readLines() == ['procedure V1__proc: 3 steps for 2 items; nothing runs in a dry run',
                                '  > create user  (undo)', '  batch 1:', '  > a: update', '  batch 2:', '  > b: update']
        !Files.exists(dir.resolve('effects.log'))

        when:
        def run = cli.run('run', 'runbooks/V1__proc.groovy', '--yes')
        def runId = (run.out =~ /run (\d{8}-\d{6}-[0-9a-f]+)/)[0][1]

        then:
        run.exitCode == 0
        run.out.contains('  from:       procedure')
        run.out.contains('  completed    create user')
        run.out.contains('  completed    b: update')
        run.out.contains('  status:     SUCCEEDED')

        when:
        def rollback = cli.run('rollback', runId, '--output', 'json')
        def json = rollback.json()

        then:
        rollback.exitCode == 0
        json.run.status == 'ROLLED_BACK'
        json.steps*.status == ['UNDONE', 'UNDONE', 'UNDONE']
        Files.readAllLines(dir.resolve('effects.log')) == ['create', 'update a', 'update b', 'drop']
    }

    def "a .jsh runbook with a compile error names its file and line"() {
        given:
        Files.writeString(runbooks.resolve('V1__broken.jsh'), 'var runbook = builder()\n    .sourse("memory:a")\n    .build();\n')

        when:
        def result = cli.run('run', 'runbooks/V1__broken.jsh', '--dry-run')

        then:
        result.exitCode == 2
        result.err.contains('V1__broken.jsh:2:')
        result.err.contains('cannot find symbol')
    }

    def "ferry #command --help describes the command, and ferry --help lists it"() {
        when:
        def help = cli.run(command, '--help')
        def all = cli.run('--help')

        then:
        help.exitCode == 0
        help.out.contains("Usage: ferry $command")
        all.out =~ /(?m)^\s+$command\s/

        where:
        command << ['migrate', 'info', 'validate', 'repair', 'baseline', 'unlock']
    }
}
