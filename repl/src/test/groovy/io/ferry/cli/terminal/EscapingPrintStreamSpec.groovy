package io.ferry.cli.terminal

import java.nio.charset.StandardCharsets
import spock.lang.Specification

class EscapingPrintStreamSpec extends Specification {

    ByteArrayOutputStream bytes = new ByteArrayOutputStream()
    EscapingPrintStream err = new EscapingPrintStream(bytes, StandardCharsets.UTF_8)

    String shown() {
        bytes.toString(StandardCharsets.UTF_8)
    }

    def "a log line naming a key with control characters is escaped, and println ends it: #how"() {
        when:
        print.call(err)

        then:
        shown() == '[main] WARN Planner - app/k\\x1b[31m\\nx: refused' + System.lineSeparator()

        where:
        how            | print
        'println'      | { it.println('[main] WARN Planner - app/k\u001b[31m\nx: refused') }
        'println(obj)' | { it.println(new StringBuilder('[main] WARN Planner - app/k\u001b[31m\nx: refused')) }
        'print'        | { it.print('[main] WARN Planner - app/k\u001b[31m\nx: refused'); it.println() }
    }

    def "a stack trace keeps the tabs that indent its frames, and escapes its message"() {
        when:
        new IllegalStateException('no app/k\u001b[31m').printStackTrace(err)

        then:
        shown().startsWith('java.lang.IllegalStateException: no app/k\\x1b[31m' + System.lineSeparator() + '\tat ')
    }

    def "bytes written as bytes pass as they are, for writers that escape on their own"() {
        when:
        err.write('already\\x1b escaped\n'.getBytes(StandardCharsets.UTF_8))

        then:
        shown() == 'already\\x1b escaped\n'
    }
}
