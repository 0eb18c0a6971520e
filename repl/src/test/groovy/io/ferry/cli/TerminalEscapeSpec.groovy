package io.ferry.cli

import io.ferry.cli.terminal.TerminalText
import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Path

/**
 * Keys, tags and messages full of control characters are shown escaped by every command that
 * prints for a person, kept exact in JSON, and only {@code get --reveal} prints a value as it is.
 */
class TerminalEscapeSpec extends Specification {

    /** ESC[31m, line feed, carriage return, BEL, DEL, the C1 CSI and a right-to-left override. */
    static final String KEY = 'app/k\u001b[31mred\nnl\rcr\u0007bel\u007fdel\u009bcsi\u202ebidi'
    static final String SHOWN_KEY = 'app/k\\x1b[31mred\\nnl\\rcr\\x07bel\\x7fdel\\u009bcsi\\u202ebidi'
    /** The same and NUL, which no store keeps in a name but a tag value may hold. */
    static final String TAG = 'v\u0000nul\u001b[2J'
    static final String SHOWN_TAG = 'v\\x00nul\\x1b[2J'

    @TempDir
    Path dir

    FerryCli cli
    String id
    String source
    String target

    def setup() {
        cli = new FerryCli(dir)
        id = UUID.randomUUID().toString()
        source = "memory:escape-src-$id"
        target = "memory:escape-dst-$id"
        cli.write(source, SecretRecord.builder(KEY).text('pw').tag('note', TAG).build(), SecretRecord.ofText('plain', 'x'))
    }

    /** Nothing in the text that a terminal would act on: line breaks only as line ends, tabs only as a stack frame's indent. */
    static boolean inert(String text) {
        text.split('\n').every { line ->
            line.replaceFirst(/^\t+/, '').chars().noneMatch { TerminalText.needsEscape(it) && it != ('\\' as char) }
        }
    }

    def "#command shows a key with control characters escaped, on one line"() {
        when:
        def result = run.call(this)

        then:
        result.exitCode == exit
        inert(result.out)
        inert(result.err)
        (result.out + result.err).contains(SHOWN_KEY)

        where:
        command                 | exit | run
        'ls'                    | 0    | { it.cli.run('ls', it.source) }
        'get'                   | 0    | { it.cli.run('get', it.source, KEY) }
        'put'                   | 0    | { it.cli.runWithInput('v', 'put', it.target, KEY) }
        'a plan'                | 0    | { it.cli.run('copy', it.source, it.target, '--dry-run') }
        'show'                  | 0    | { it.cli.run('show', it.cli.run('copy', it.source, it.target, '--yes').runId()) }
        'diff'                  | 1    | { it.cli.run('diff', it.source, it.target) }
        'an error line'         | 1    | { it.cli.run('get', it.source, KEY + '-gone') }
        'a --verbose error'     | 1    | { it.cli.run('get', it.source, KEY + '-gone', '--verbose') }
    }

    def "#command shows a tag value with NUL and an escape sequence escaped"() {
        when:
        def result = cli.run(args.collect { it == 'SOURCE' ? source : it } as String[])

        then:
        result.exitCode == 0
        inert(result.out)
        result.out.contains(SHOWN_TAG)

        where:
        command | args
        'ls'    | ['ls', 'SOURCE']
        'get'   | ['get', 'SOURCE', KEY]
    }

    def "a store name with control characters is escaped in the error line"() {
        when:
        def result = cli.run('ls', 'local:no\u001b[31mstore\n.db')

        then:
        result.exitCode != 0
        result.err.readLines().size() == 1
        inert(result.err)
        result.err.contains('no\\x1b[31mstore\\n.db')
    }

    def "--output json keeps the key and tags exact, with every control character JSON-escaped"() {
        when:
        def result = cli.run('ls', source, '--output', 'json')

        then:
        result.exitCode == 0
        result.json()*.key.contains(KEY)
        result.json().find { it.key == KEY }.tags == [note: TAG]
        inert(result.out)
        result.out.contains('\\u001B[31mred')
        result.out.contains('\\u007Fdel')
        result.out.contains('\\u009Bcsi')
        result.out.contains('\\u202Ebidi')
    }

    def "get --reveal prints the value exactly, control characters and all"() {
        given:
        def value = 'line one\nline two\u001b[0m\u009b'
        cli.write(source, SecretRecord.ofText('multi', value))

        when:
        def result = cli.run('get', source, 'multi', '--reveal')

        then:
        result.exitCode == 0
        result.out == value
    }

    def "a plan to a store that refuses a control character marks the record invalid, naming it by its code point"() {
        when:
        def result = cli.run('copy', source, "memory:aws-$id?emulate=aws", '--dry-run')

        then:
        result.exitCode == 4
        inert(result.out)
        result.out.contains(SHOWN_KEY)
        result.out.contains('U+001B ESCAPE')
        result.out.contains('U+000A LINE FEED (LF)')
        result.out.contains('1 invalid')
    }

    def "put refuses a key the store does not keep, in one line naming the character, and writes nothing"() {
        given:
        def store = "memory:put-$id?emulate=vault"

        when:
        def result = cli.runWithInput('value', 'put', store, "app/line\nbreak")

        then:
        result.exitCode == 2
        result.err.readLines().size() == 1
        result.err.startsWith("ferry: cannot put 'app/line\\nbreak' in $store: name is not valid for HashiCorp Vault KV, which does not keep U+000A LINE FEED (LF) in names")
        cli.keys(store).isEmpty()
    }
}
