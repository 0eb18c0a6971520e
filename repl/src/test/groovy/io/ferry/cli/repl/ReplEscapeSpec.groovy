package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.charset.StandardCharsets
import java.nio.file.Path

/** Keys and messages with control characters reach the shell's terminal escaped, whatever prints them. */
class ReplEscapeSpec extends Specification {

    /** As a Groovy string typed at the prompt: plain ASCII, so that the echo of the line is harmless. */
    static final String TYPED_KEY = '"app/k\\u001b[31mred\\nnl\\rcr\\u0007bel\\u007fdel\\u009bcsi\\u202ebidi"'
    static final String KEY = 'app/k\u001b[31mred\nnl\rcr\u0007bel\u007fdel\u009bcsi\u202ebidi'
    static final String SHOWN_KEY = 'app/k\\x1b[31mred\\nnl\\rcr\\x07bel\\x7fdel\\u009bcsi\\u202ebidi'
    /** Acted on by a terminal; the dumb terminal's own line ends are CR LF, so CR and LF are left out. */
    static final List<Integer> OBEYED = [0x07, 0x1b, 0x7f, 0x9b, 0x202e]

    @TempDir
    Path dir

    FerryCli cli
    String store

    def setup() {
        cli = new FerryCli(dir)
        store = "memory:repl-escape-${UUID.randomUUID()}"
        cli.write(store, SecretRecord.builder(KEY).text('pw').tag('note', 'red\u001b[31m').build())
    }

    String repl(String... lines) {
        def input = new ByteArrayInputStream((lines.join('\n') + '\n').getBytes(StandardCharsets.UTF_8))
        def output = new ByteArrayOutputStream()
        new DumbTerminal('test', 'dumb', input, output, StandardCharsets.UTF_8).withCloseable { terminal ->
            def host = cli.host()
            new Repl(terminal, dir.resolve('history'), host, new MainCommands(host, ['--state', dir.resolve('state.db').toString()])).run()
        }
        output.toString(StandardCharsets.UTF_8)
    }

    def "#what shows the key escaped"() {
        when:
        def shown = repl(*lines.collect { it.replace('STORE', store).replace('KEY', TYPED_KEY) })

        then:
        shown.contains(expected)
        shown.codePoints().noneMatch { it in OBEYED }

        where:
        what                       | lines                                                 || expected
        'the table of s.ls()'      | ["s = open('STORE')", 's.ls()']                       || SHOWN_KEY
        'a record as a result'     | ["s = open('STORE')", 's.get(KEY)']                   || SHOWN_KEY
        'a string as a result'     | ['KEY']                                               || SHOWN_KEY
        ':ls of a connected store' | [":connect s STORE", ':ls s']                         || SHOWN_KEY
        ':ls of a URI (the CLI)'   | [':ls STORE']                                         || SHOWN_KEY
        'an error line'            | ['throw new IllegalStateException("no " + KEY)']      || 'no app/k\\x1b[31mred'
        'println in a script'      | ['println KEY']                                       || 'bel\\x7fdel\\u009bcsi\\u202ebidi'
    }

    def "text a script prints keeps its line breaks, while a result shows them escaped"() {
        when:
        def shown = repl('println "one\\ntwo"', '"three\\nfour"')

        then:
        shown.contains('one\r\ntwo') || shown.contains('one\ntwo')
        shown.contains('three\\nfour')
    }

    def "reveal prints the value exactly, as ferry get --reveal does"() {
        given:
        cli.write(store, SecretRecord.ofText('multi', 'x\u001b[0my'))

        when:
        def shown = repl("s = open('$store')", "reveal(s.get('multi'))")

        then:
        shown.contains('x\u001b[0my')
    }
}
