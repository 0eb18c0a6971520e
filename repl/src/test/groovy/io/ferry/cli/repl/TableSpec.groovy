package io.ferry.cli.repl

import spock.lang.Specification

class TableSpec extends Specification {

    static String printed(Table table, boolean colour) {
        def text = new StringWriter()
        table.print(new PrintWriter(text), colour)
        text.toString()
    }

    def "a table lines up its columns and, without colour, prints no escape codes"() {
        given:
        def table = new Table('KEY', 'STATUS', 'WHY').statusColumn(1)
                .row('db/port', 'FAILED', 'denied')
                .row('a', 'DONE', null)

        expect:
        printed(table, false) == 'KEY      STATUS  WHY\n' +
                'db/port  FAILED  denied\n' +
                'a        DONE    -\n'
    }

    def "on a colour terminal the header is bold and outcomes are coloured, in their column only"() {
        given:
        def table = new Table('KEY', 'STATUS').statusColumn(1).row('DONE', 'FAILED').row('x', 'DONE')

        when:
        def text = printed(table, true)

        then:
        text.contains('\u001b[1mKEY')
        text.contains('\u001b[31mFAILED')
        text.contains('\u001b[32mDONE')
        text.readLines()[1].startsWith('DONE')
    }
}
