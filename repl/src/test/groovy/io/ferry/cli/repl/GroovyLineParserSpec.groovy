package io.ferry.cli.repl

import spock.lang.Specification

class GroovyLineParserSpec extends Specification {

    def "input is unfinished while a bracket, a multi-line string or a block comment is open"() {
        expect:
        GroovyLineParser.missing(text) == missing

        where:
        text                          | missing
        'x = 1'                       | null
        'rb = {'                      | '}'
        'm = [a: (1'                  | ')'
        'f = { x ->\n  [x,\n'         | ']'
        'f = { x ->\n  x\n}'          | null
        's = "{"'                     | null
        "s = '(' + '['"               | null
        's = "a\\"{"'                 | null
        'x = 1 // {'                  | null
        "s = '''\nline {"             | "'''"
        '/* {'                        | '*/'
        'x = }'                       | null
        "s = 'unclosed {"             | null
    }

    def "lines that reveal or write a value are recognised for the history"() {
        expect:
        MaskingHistory.handlesValue(line) == handles

        where:
        line                              | handles
        "reveal(rec)"                     | true
        "s.put('k', 'v')"                 | true
        "put 'k', 'v'"                    | true
        ":put local:x k"                  | true
        ":get local:x k --reveal"         | true
        ":get local:x k"                  | false
        "s.get('k')"                      | false
        "input = 3"                       | false
    }

    def "colon commands split on spaces and keep quoted words whole"() {
        expect:
        Repl.words("ls 'my store:x' app/ \"a b\"") == ['ls', 'my store:x', 'app/', 'a b']
    }
}
