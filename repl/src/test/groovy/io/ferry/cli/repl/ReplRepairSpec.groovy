package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import io.ferry.state.RunStatus
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/** The shell's own commands and the repair loop: find what a run flagged, fix it, retry just that. */
class ReplRepairSpec extends Specification {

    static final String CANARY = 'canary-81f2-not-a-port-do-not-print'

    @TempDir
    Path dir

    FerryCli cli
    String source
    String target
    Path history
    Path state

    def setup() {
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'repair-spec'])
        source = "memory:repair-src-${UUID.randomUUID()}"
        target = "memory:repair-dst-${UUID.randomUUID()}"
        history = dir.resolve('history')
        state = dir.resolve('.ferry/state.db')
        cli.write(source, SecretRecord.ofText('db/host', 'db.internal'), SecretRecord.ofText('db/port', CANARY),
                SecretRecord.ofText('api/port', '8443'))
        Files.writeString(dir.resolve('V1__ports.groovy'), """
            runbook {
                source '$source'
                target '$target'
                transform { rec ->
                    if (rec.key.endsWith('/port') && !(rec.value.text ==~ /\\d+/)) {
                        throw new IllegalArgumentException('not a port number')
                    }
                }
                execution { onError 'flag' }
            }
            """.stripIndent())
    }

    Map repl(String... lines) {
        def input = new ByteArrayInputStream((lines.join('\n') + '\n').getBytes(StandardCharsets.UTF_8))
        def output = new ByteArrayOutputStream()
        int code
        new DumbTerminal('test', 'dumb', input, output, StandardCharsets.UTF_8).withCloseable { terminal ->
            def host = cli.host()
            code = new Repl(terminal, history, host, new MainCommands(host, ['--state', state.toString()])).run()
        }
        [code: code, out: output.toString(StandardCharsets.UTF_8)]
    }

    /** Every run id starts with the year, and this state store holds one run. */
    static String onlyRun() {
        String.valueOf(Calendar.getInstance(TimeZone.getTimeZone('UTC')).get(Calendar.YEAR))
    }

    def "the repair loop: a flagged record is listed, its value fixed, retried alone, and the run succeeds"() {
        when:
        def result = repl(
                ":load V1__ports.groovy",
                ":run --yes",
                ":flagged ${onlyRun()}",
                "src = open('$source')",
                "src.put('db/port', '5432')",
                ":retry ${onlyRun()} db/port",
                ":flagged ${onlyRun()}")
        def out = result.out

        then: 'the run ended with issues and :flagged named the record and why, not its value'
        out.contains("rb = runbook V1__ports: $source -> $target")
        out.contains('status:     SUCCEEDED_WITH_ISSUES')
        out =~ /(?m)(^|> )SOURCE KEY +TARGET KEY +ACTION +STATUS +WHY$/
        out =~ /(?m)^db\/port +db\/port +SKIP +NOOP +transform .* failed: IllegalArgumentException at \w+\.groovy:\d+ \(message withheld: it may hold a value\)$/
        out.contains(':retry 20')

        and: 'the retry wrote the fixed record in the same run, which now succeeds with nothing left to look at'
        out.contains('updated db/port in ' + source)
        out =~ /(?m)^ +status: +SUCCEEDED$/
        out =~ /has no flagged or failed records/
        cli.read(target, 'db/port').value().text() == '5432'

        and: 'the journal says so'
        def runs = new MainCommands(cli.host(), ['--state', state.toString()]).configure().load().withCloseable { it.runs() }
        runs.size() == 1
        runs[0].status() == RunStatus.SUCCEEDED

        and: 'the bad value was printed nowhere and the put was not kept in the history'
        !out.contains(CANARY)
        !Files.readString(history).contains('5432')
    }

    def "the repair loop with the transform fixed: the edited runbook is followed, recorded, and rollback still works"() {
        given: 'a run that flagged db/port'
        repl(':load V1__ports.groovy', ':run --yes')
        def file = dir.resolve('V1__ports.groovy')

        when: 'the transform is fixed to accept the value as it is, and the record retried'
        Files.writeString(file, Files.readString(file).replace("throw new IllegalArgumentException('not a port number')",
                "rec.tags.note = 'port kept as text'"))
        def out = repl(":retry ${onlyRun()} db/port", ":rollback ${onlyRun()}").out

        then: 'the record was written with the new transform, and the run rolled back with the edited runbook'
        out =~ /(?m)^ +status: +SUCCEEDED$/
        out =~ /(?m)^ +status: +ROLLED_BACK$/
        cli.read(target, 'db/port') == null

        and: 'the audit trail says the runbook changed'
        def audit = Files.list(dir.resolve('.ferry/audit')).withCloseable { it.toList() }.collect { Files.readString(it) }.join()
        audit.contains('runbook changed')
        !audit.contains(CANARY)
    }

    def "connect, ls, get and load bind and show what they say"() {
        when:
        def out = repl(":connect src $source", ':ls', ':ls src db/', ':get src db/host', 'src.uri', ':connect 9x memory:x',
                ':load nosuch.groovy', ':plan', ':flagged').out

        then:
        out.contains("src = store $source")
        out =~ /(?m)(^|> )NAME +URI$/
        out =~ /(?m)^src +memory:repair-src/
        out =~ /(?m)(^|> )KEY +VERSION +UPDATED +TAGS *$/
        out =~ /(?m)^db\/host +1 +\S+ \S+ UTC +- *$/
        out.contains('key:          db/host')
        out.contains('value:        ******** (11 bytes')
        !out.contains('db.internal')
        out.contains(source)
        out.contains("error: '9x' cannot name a variable")
        out.contains('error: ') && out.contains('nosuch.groovy')
        out.contains('error: no runbook in rb; :load FILE first, or :plan FILE')
        out.contains('error: no state store yet, so no run; runs are journaled by :run')
    }

    def ":get NAME KEY --reveal prints the value once, and the line is not kept in the history"() {
        when:
        def out = repl(":connect src $source", ':get src db/host --reveal', ':help').out

        then:
        out.count('db.internal') == 1
        out.contains(':get NAME KEY [--reveal]')
        !Files.readString(history).contains('--reveal')
        Files.readString(history).contains(MaskingHistory.PLACEHOLDER)
    }

    def "a runbook built in the shell from a closure plans and runs without a file"() {
        when:
        def out = repl("rb = runbook { source '$source'; target '$target'; execution { onError 'skip' } }",
                'plan(rb)', "run(rb, '--yes')", ':run --yes', "runbook { source '$source' }").out

        then:
        out.contains('status:     PLANNED')
        out.contains('status:     SUCCEEDED')
        cli.read(target, 'db/host').value().text() == 'db.internal'
        out.contains("error: shell.groovy: runbook 'shell' has no target")
    }
}
