package io.ferry.cli

import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Files
import java.nio.file.Path

class DemoSpec extends Specification {

    @TempDir
    Path dir

    def "demo creates two stores and a runbook, runs it, and says what to run next"() {
        given:
        def cli = new FerryCli(dir)

        when:
        def demo = cli.run('demo')
        def home = dir.resolve('ferry-demo')

        then:
        demo.exitCode == 0
        demo.out.startsWith("created $home")
        demo.out.contains("FERRY_LOCAL_PASSPHRASE is not set: the demo's stores use the demo passphrase 'ferry-demo'")
        ['source.db', 'target.db', 'V1__demo_copy.groovy', '.ferry/state.db'].every { Files.exists(home.resolve(it)) }
        demo.out.contains('status:     SUCCEEDED_WITH_ISSUES')
        demo.out.contains('plan:       19 to create, 0 to update, 0 unchanged, 0 skipped, 0 conflicts, 0 invalid; 4 flagged for review')
        demo.out.contains('validation: passed: 19 of 19 matched')
        demo.out.contains('  cd ferry-demo\n  export FERRY_LOCAL_PASSPHRASE=ferry-demo\n')
        demo.out =~ /(?m)^  ferry show ${demo.runId()} +# every secret/
        demo.out =~ /(?m)^  ferry rollback ${demo.runId()} +# undo the run/

        and: 'the target holds the app secrets, tagged, and readable with the demo passphrase'
        def inDemo = new FerryCli(home, [FERRY_LOCAL_PASSPHRASE: 'ferry-demo', FERRY_JOURNAL_KEY_FILE: dir.resolve('journal.key').toString()])
        inDemo.keys('local:target.db').size() == 19
        inDemo.keys('local:target.db').every { it.startsWith('app/') }
        inDemo.read('local:target.db', 'app/payments/database').tags().migratedBy == 'ferry-demo'
        inDemo.read('local:target.db', 'app/payments/database').json.port == 5432

        and: 'the next steps work from the demo directory'
        inDemo.run('diff', 'local:source.db?prefix=app/', 'local:target.db?prefix=app/').exitCode == 0
        inDemo.run('show', demo.runId(), '--status', 'flagged').out.count('flagged: no owner tag') == 4
        inDemo.run('rollback', demo.runId()).exitCode == 0
        inDemo.keys('local:target.db').isEmpty()
    }

    def "running the demo again starts over in the same directory"() {
        given:
        def cli = new FerryCli(dir)
        def first = cli.run('demo', '--dir', 'here')

        when:
        def second = cli.run('demo', '--dir', 'here')

        then:
        second.exitCode == 0
        second.out.startsWith("re-created ${dir.resolve('here')} (the previous demo's stores, runbook and state were removed)")
        second.out.contains('plan:       19 to create')
        second.runId() != first.runId()
    }

    def "with FERRY_LOCAL_PASSPHRASE set the demo uses it and does not suggest another"() {
        given:
        def cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'my own', FERRY_LAUNCHER: dir.resolve('checkout/ferry').toString()])

        when:
        def demo = cli.run('demo')

        then:
        demo.exitCode == 0
        demo.out.contains('the demo\'s stores use the passphrase in FERRY_LOCAL_PASSPHRASE')
        !demo.out.contains('export FERRY_LOCAL_PASSPHRASE')
        demo.out =~ /(?m)^  \.\.\/checkout\/ferry ls local:target.db +#/
        new FerryCli(dir.resolve('ferry-demo'), [FERRY_LOCAL_PASSPHRASE: 'my own']).keys('local:target.db').size() == 19
    }

    def "the demo never touches a directory it did not make"() {
        given:
        Files.createDirectories(dir.resolve('project'))
        Files.writeString(dir.resolve('project/notes.txt'), 'mine')

        when:
        def demo = new FerryCli(dir).run('demo', '--dir', 'project')

        then:
        demo.exitCode == 2
        demo.err.readLines() == ["ferry: ${dir.resolve('project')} exists and was not made by ferry demo; choose another directory with --dir"]
        Files.list(dir.resolve('project')).toList() == [dir.resolve('project/notes.txt')]
    }
}
