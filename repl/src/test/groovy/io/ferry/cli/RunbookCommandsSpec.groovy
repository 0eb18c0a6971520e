package io.ferry.cli

import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Files
import java.nio.file.Path

class RunbookCommandsSpec extends Specification {

    @TempDir
    Path dir

    FerryCli cli
    String source
    String target

    def setup() {
        cli = new FerryCli(dir)
        def id = UUID.randomUUID().toString()
        source = "memory:rb-src-$id"
        target = "memory:rb-dst-$id"
        cli.write(source, SecretRecord.builder('app/db').text('pw-1').tag('owner', 'dba').build(),
                SecretRecord.ofText('app/api', 'key-2'),
                SecretRecord.ofText('other/x', 'x-3'))
        Files.writeString(dir.resolve('V1__copy_app.groovy'), """
            runbook {
                source '$source'
                target '$target'
                discovery { include 'app/**' }
                transform { rec ->
                    rec.tags.migratedBy = 'ferry'
                    if (!rec.tags.owner) flag 'no owner tag'
                }
                validation { compare 'full'; minMatchRate 1.0 }
            }
            """.stripIndent())
    }

    def "plan saves the plan, prints it with the run id, and says how to apply it"() {
        when:
        def plan = cli.run('plan', 'V1__copy_app.groovy')

        then:
        plan.exitCode == 0
        plan.out.contains("runbook:    V1__copy_app (${dir.resolve('V1__copy_app.groovy')})")
        plan.out.contains('  + create    app/api  (not in the target)')
        plan.out.contains('      flagged: no owner tag')
        plan.out.contains('2 to create, 0 to update, 0 unchanged, 0 skipped, 0 conflicts, 0 invalid; 1 flagged for review')
        plan.out.contains("next: apply it with: ferry apply ${plan.runId()}")
        cli.keys(target).isEmpty()

        when:
        def apply = cli.run('apply', plan.runId())

        then: 'a flagged record makes the run succeed with issues, exit code 1'
        apply.exitCode == 1
        apply.out.contains('status:     SUCCEEDED_WITH_ISSUES')
        apply.out.contains("review: ferry show ${plan.runId()} --status failed,flagged")
        cli.read(target, 'app/db').tags().migratedBy == 'ferry'

        when:
        def flagged = cli.run('show', plan.runId(), '--status', 'flagged')

        then:
        flagged.out.readLines().findAll { it.startsWith('  + create') }*.trim() == ['+ create    done            app/api  (not in the target)']
    }

    def "plan --output json is one JSON document"() {
        when:
        def plan = cli.run('plan', 'V1__copy_app.groovy', '--output', 'json')
        def doc = plan.json()

        then:
        plan.exitCode == 0
        doc.run.runbook == 'V1__copy_app'
        doc.run.status == 'PLANNED'
        doc.plan.create == 2
        doc.plan.flagged == 1
        doc.items.find { it.sourceKey == 'app/api' }.flags == ['no owner tag']
    }

    def "run --yes plans, executes and validates in one go"() {
        when:
        def run = cli.run('run', 'V1__copy_app.groovy', '--yes')

        then:
        run.exitCode == 1
        run.out.contains('validation: passed: 2 of 2 matched')
        cli.keys(target) == ['app/api', 'app/db']
    }

    def "run --dry-run only plans"() {
        when:
        def run = cli.run('run', 'V1__copy_app.groovy', '--dry-run')

        then:
        run.exitCode == 0
        run.out.contains('status:     PLANNED')
        cli.keys(target).isEmpty()
    }

    def "run without a terminal and without --yes refuses in one line"() {
        when:
        def run = cli.run('run', 'V1__copy_app.groovy')

        then:
        run.exitCode == 2
        run.err.readLines() == ['ferry: ferry run needs --yes when there is no terminal to confirm the plan on; review it first with --dry-run']
    }

    def "a broken runbook is reported one line per problem, with exit code 2, before anything runs"() {
        given:
        Files.writeString(dir.resolve('V2__broken.groovy'), """\
            runbook {
                source '$source'
                target '$target'
                execution { concurency 4; onError 'flg' }
            }
            """.stripIndent())

        when:
        def run = cli.run('run', 'V2__broken.groovy', '--yes')

        then:
        run.exitCode == 2
        run.err.readLines().size() == 2
        run.err.readLines().every { it.startsWith('ferry: ') && it.contains('V2__broken.groovy:4:') }
        run.err.contains("did you mean 'concurrency'")
        cli.run('runs', '-o', 'json').json() == []
    }

    def "a runbook that does not exist is a usage error"() {
        when:
        def run = cli.run('plan', 'nope.groovy')

        then:
        run.exitCode == 2
        run.err.readLines() == ["ferry: runbook ${dir.resolve('nope.groovy')} does not exist; give the path of a .groovy or .jsh runbook"]
    }
}
