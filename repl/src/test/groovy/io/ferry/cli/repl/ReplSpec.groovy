package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/** Drives the shell through a dumb terminal fed from a stream, as JLine's own reader tests do. */
class ReplSpec extends Specification {

    static final String CANARY = 'canary-5d1c0e77-repl-do-not-print'

    @TempDir
    Path dir

    FerryCli cli
    String store
    Path history

    def setup() {
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'repl-spec'])
        store = "memory:repl-${UUID.randomUUID()}"
        history = dir.resolve('history')
        cli.write(store, SecretRecord.ofText('app/db-password', CANARY), SecretRecord.ofText('app/api-key', 'another-value-123'),
                SecretRecord.ofText('app/pin', 'Qz9'))
    }

    /** Types the lines, then the end of input; returns everything the terminal showed and the exit code. */
    Map repl(String... lines) {
        def input = new ByteArrayInputStream((lines.join('\n') + '\n').getBytes(StandardCharsets.UTF_8))
        def output = new ByteArrayOutputStream()
        int code
        new DumbTerminal('test', 'dumb', input, output, StandardCharsets.UTF_8).withCloseable { terminal ->
            def host = cli.host()
            code = new Repl(terminal, history, host, new MainCommands(host, ['--state', dir.resolve('.ferry/state.db').toString()])).run()
        }
        [code: code, out: output.toString(StandardCharsets.UTF_8)]
    }

    def "variables are kept from one line to the next"() {
        when:
        def result = repl('x = 20', 'y = x + 1', 'x + y')

        then:
        result.code == 0
        result.out.contains('41')
    }

    def "a closure typed over several lines is evaluated once it is closed"() {
        when:
        def result = repl('twice = { n ->', '  // a { in a comment and "}" in a string do not count', '  n * 2', '}', 'twice(21)')

        then:
        result.out.contains('42')
        !result.out.contains('error')
    }

    def "ls and get show keys and masked values, never a value"() {
        when:
        def result = repl("s = open('$store')", 's.ls()', "rec = s.get('app/db-password')", 'rec.value.text', 'println rec.value.text',
                "s.get('app/pin').value.text")

        then:
        result.out.contains('app/db-password')
        result.out.contains('app/api-key')
        result.out =~ /(?m)(^|> )KEY +VERSION +UPDATED +TAGS *$/
        result.out.contains('SecretRecord[key=app/db-password')
        !result.out.contains(CANARY)
        !result.out.contains('Qz9')
    }

    def "reveal prints the value once and neither it nor a put value reaches the history file"() {
        when:
        def result = repl("s = open('$store')", "reveal(s.get('app/db-password'))",
                "s.put('app/new', '$CANARY-new')", "s.get('app/new')", "println 'kept'")

        then:
        result.out.count(CANARY) == 1
        result.out.contains('created app/new in ' + store)
        cli.read(store, 'app/new').value().text() == "$CANARY-new"
        def kept = Files.readString(history)
        !kept.contains(CANARY)
        kept.contains(MaskingHistory.PLACEHOLDER)
        kept.contains("println 'kept'")
    }

    def "a syntax error and a failing line print one error line and the shell goes on"() {
        when:
        def result = repl('x = 5', 'x = = 3', "open('$store').get('nope')", 'x * 2')

        then:
        result.code == 0
        def errors = result.out.readLines().findAll { it.contains('error: ') }
        errors.size() == 2
        errors[1].contains("no secret 'nope'")
        result.out.contains('10')
    }

    def "an unknown command suggests the nearest one"() {
        when:
        def result = repl(':providres')

        then:
        result.out.contains("error: unknown command ':providres' (did you mean ':providers'?)")
    }

    def "CLI commands run as colon commands with the CLI's output and errors"() {
        given:
        Files.writeString(dir.resolve('V1__copy.groovy'), """
            runbook {
                source '$store'
                target 'memory:repl-target-${UUID.randomUUID()}'
            }
            """.stripIndent())

        when:
        def result = repl(':plan V1__copy.groovy', ':run V1__copy.groovy --yes', ':runs', ':get nosuch:x k', 'println "still here"')

        then:
        result.out.contains('status:     PLANNED')
        result.out.contains('status:     SUCCEEDED')
        result.out =~ /(?m)^\S+ +SUCCEEDED +V1__copy/
        result.out.contains('ferry: ')
        result.out.contains('still here')
        !result.out.contains(CANARY)
    }

    def ":plan of the loaded runbook ends with its estimate, and --sample shows its records masked"() {
        given:
        def target = "memory:repl-target-${UUID.randomUUID()}"
        Files.writeString(dir.resolve('V1__copy.groovy'), """
            runbook {
                source '$store'
                target '$target'
            }
            """.stripIndent())

        when:
        def result = repl(":load V1__copy.groovy", ':plan', ':plan --sample 1', ':plan --sample none', 'println "still here"')
        def lines = result.out.readLines()*.trim()

        then: 'both plans end with the estimate'
        lines.count('estimate:   what applying this plan will take') == 2
        lines.count('records:  3 create, 0 update, 0 unchanged, 0 skip, 0 conflict, 0 invalid') == 2
        lines.count("target:   $target (memory): 3 write calls, 3 read calls, 1 list call; not paced, so as fast as the store answers".toString()) == 2

        and: 'the sample shows one record, its value masked'
        lines.count('sample:     the first 1 of each action, as they will be written; values masked') == 1
        lines.count { it ==~ /value: +\*{8} \(\d+ bytes, text, fingerprint hmac:[0-9a-f]+\)/ } == 1

        and: 'a sample that is not a number is one error line, and the shell goes on'
        lines.count { it.contains("ferry: --sample takes a whole number of records of at least 1, not 'none'; for example --sample 3") } == 1
        result.out.contains('still here')
        !result.out.contains(CANARY)
    }

    def "Ctrl-C clears the line being typed, Ctrl-D leaves with 0"() {
        when:
        def result = repl('x = 1', 'x = 99\u0003', 'x', '\u0004')

        then:
        result.code == 0
        result.out.readLines().any { it.endsWith('1') }
        !result.out.contains('99\n')
    }

    def "the history file is kept where FERRY_REPL_HISTORY says, else in ~/.ferry"() {
        expect:
        Repl.historyFile([FERRY_REPL_HISTORY: '/tmp/h']) == Path.of('/tmp/h')
        Repl.historyFile([:]) == Path.of(System.getProperty('user.home'), '.ferry', 'repl_history')
    }
}
