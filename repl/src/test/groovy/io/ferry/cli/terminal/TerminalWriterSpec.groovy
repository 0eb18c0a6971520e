package io.ferry.cli.terminal

import spock.lang.Specification

class TerminalWriterSpec extends Specification {

    /** PrintWriter.printf as Java code calls it: Groovy's own printf for writers would bypass the override. */
    static final PRINTF = PrintWriter.getMethod('printf', String, Object[])

    StringWriter screen = new StringWriter()
    TerminalWriter out = new TerminalWriter(screen)

    def "text printed with #how is escaped, and only the line end of println stays a line end"() {
        when:
        print.call(out, 'key\u001b[31m\nnext')

        then:
        screen.toString() == 'key\\x1b[31m\\nnext' + ending

        where:
        how             | print                                         || ending
        'print'         | { w, s -> w.print(s) }                        || ''
        'println'       | { w, s -> w.println(s) }                      || System.lineSeparator()
        'println(obj)'  | { w, s -> w.println(new StringBuilder(s)) }   || System.lineSeparator()
        'write'         | { w, s -> w.write(s) }                        || ''
        'write(char[])' | { w, s -> w.write(s.toCharArray()) }          || ''
        'append'        | { w, s -> w.append(s) }                       || ''
        'printf'        | { w, s -> PRINTF.invoke(w, '%s%n', [s] as Object[]) } || System.lineSeparator()
        'format'        | { w, s -> w.format('%-6s|%n', s) }            || '|' + System.lineSeparator()
    }

    def "a format's arguments are escaped, its trailing %n is a line end"() {
        when:
        out.printf('%s = %d%n', 'a\tb', 42)

        then:
        screen.toString() == 'a\\tb = 42' + System.lineSeparator()
    }

    def "control sequences Ferry composes are written as they are"() {
        when:
        out.writeControl('\u001b[32m')
        out.print('DONE\r')
        out.writeControl('\u001b[0m\r')

        then:
        screen.toString() == '\u001b[32mDONE\\r\u001b[0m\r'
    }

    def "unescaped writes to the same place, in order, without escaping"() {
        when:
        out.print('escaped\n')
        TerminalWriter.unescaped(out).print('{"key": "a\\u001b"}\n')
        TerminalWriter.unescaped(out).flush()

        then:
        screen.toString() == 'escaped\\n{"key": "a\\u001b"}\n'
    }

    def "a writer that escapes already is not wrapped again, so nothing is escaped twice"() {
        expect:
        TerminalWriter.of(out).is(out)

        when:
        TerminalWriter.of(TerminalWriter.of(out)).print('a\\b')

        then:
        screen.toString() == 'a\\\\b'
    }

    def "what a script prints keeps its line feeds and loses every other control character"() {
        when:
        out.keepingLineFeeds().print('one\ntwo\r\u001b[2J\n')

        then:
        screen.toString() == 'one\ntwo\\r\\x1b[2J\n'
    }

    def "a filter sees the text before it is escaped"() {
        given:
        def seen = []
        def masking = new TerminalWriter(screen, { escaping ->
            new FilterWriter(escaping) {
                void write(String text, int off, int len) {
                    seen << text.substring(off, off + len)
                    out.write(text.substring(off, off + len).replace('pass\nword', '***'))
                }
            }
        })

        when:
        masking.println('value: pass\nword!')

        then:
        seen == ['value: pass\nword!']
        screen.toString() == 'value: ***!' + System.lineSeparator()
    }
}
