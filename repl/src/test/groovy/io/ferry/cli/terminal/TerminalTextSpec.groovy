package io.ferry.cli.terminal

import spock.lang.Specification

class TerminalTextSpec extends Specification {

    def "#what is shown as #shown"() {
        expect:
        TerminalText.escape("a${character}b") == "a${shown}b"

        where:
        what                        | character  || shown
        'a line feed'               | '\n'       || '\\n'
        'a carriage return'         | '\r'       || '\\r'
        'a tab'                     | '\t'       || '\\t'
        'NUL'                       | '\u0000'   || '\\x00'
        'BEL'                       | '\u0007'   || '\\x07'
        'ESC of ESC[31m'            | '\u001b'   || '\\x1b'
        'the last C0 control'       | '\u001f'   || '\\x1f'
        'DEL'                       | '\u007f'   || '\\x7f'
        'the C1 control NEL'        | '\u0085'   || '\\u0085'
        'the C1 control CSI'        | '\u009b'   || '\\u009b'
        'a left-to-right embedding' | '\u202a'   || '\\u202a'
        'a right-to-left override'  | '\u202e'   || '\\u202e'
        'a first-strong isolate'    | '\u2068'   || '\\u2068'
        'a pop directional isolate' | '\u2069'   || '\\u2069'
        'a right-to-left mark'      | '\u200f'   || '\\u200f'
        'an Arabic letter mark'     | '\u061c'   || '\\u061c'
        'a line separator'          | '\u2028'   || '\\u2028'
        'a backslash'               | '\\'       || '\\\\'
    }

    def "ordinary text, non-ASCII included, is shown as it is: '#text'"() {
        expect:
        TerminalText.escape(text).is(text) || TerminalText.escape(text) == text

        where:
        text << ['app/db-password', 'ключ-鍵-clé', 'emoji-🔑', 'with space', '', '\u00a0non-breaking', 'ümlaut-\u00ff']
    }

    def "escaping tells apart a key with a control character from a key that spells its escape"() {
        expect:
        TerminalText.escape('a\nb') != TerminalText.escape('a\\nb')
        TerminalText.escape('a\\nb') == 'a\\\\nb'
    }

    def "a whole sequence is escaped character by character, so the terminal obeys none of it"() {
        expect:
        TerminalText.escape('\u001b]0;title\u0007\u001b[2J\r\n') == '\\x1b]0;title\\x07\\x1b[2J\\r\\n'
        TerminalText.escape(null) == 'null'
    }
}
