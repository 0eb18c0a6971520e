package io.ferry.provider.file

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions

class DotenvFileSpec extends FileStoreSpecification {

    def "a dotenv line is read as #expected: #what"() {
        when:
        def store = file('.env', dotenv)

        then:
        contents(store) == expected

        where:
        what                                  | dotenv                                         || expected
        'a plain value'                       | 'KEY=value\n'                                  || [KEY: 'value']
        'spaces around ='                     | 'KEY = value  \n'                              || [KEY: 'value']
        'an export prefix'                    | 'export KEY=value\n'                           || [KEY: 'value']
        'a name called export'                | 'export=value\n'                               || [export: 'value']
        'a comment line and blank lines'      | '# note\n\n   \nKEY=v\n'                       || [KEY: 'v']
        'a comment after an unquoted value'   | 'KEY=value # note\n'                           || [KEY: 'value']
        'a # inside an unquoted value'        | 'KEY=pa#ss\n'                                  || [KEY: 'pa#ss']
        'single quotes, literal'              | "KEY='a \\n \$X # b'\n"                        || [KEY: 'a \\n $X # b']
        'double quotes with escapes'          | 'KEY="a\\nb\\t\\"q\\" \\\\ \\x"\n'             || [KEY: 'a\nb\t"q" \\ \\x']
        'a comment after a quoted value'      | 'KEY="v" # note\n'                             || [KEY: 'v']
        'a multi-line double-quoted value'    | 'KEY="line1\nline2"\nNEXT=n\n'                 || [KEY: 'line1\nline2', NEXT: 'n']
        'an empty value'                      | 'KEY=\n'                                       || [KEY: '']
        'an empty quoted value'               | 'KEY=""\n'                                     || [KEY: '']
        'CRLF line ends'                      | 'A=1\r\nB="2"\r\n'                             || [A: '1', B: '2']
        'no final line break'                 | 'A=1'                                          || [A: '1']
        'names with dots and dashes'          | 'app.db-url=x\n_U=y\n'                         || ['_U': 'y', 'app.db-url': 'x']
        'an = inside the value'               | 'URL=a=b=c\n'                                  || [URL: 'a=b=c']
    }

    def "the dotenv format is known by the file name #name"() {
        expect:
        contents(file(name, 'K=v\n')) == [K: 'v']

        where:
        name << ['.env', '.env.local', 'prod.env']
    }

    def "a malformed dotenv file is one line with its line and column, never the content: #what"() {
        when:
        def e = refusal('.env', dotenv)

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.message.startsWith(dir.resolve('.env').toString() + ":$line:$column: not valid dotenv: ")
        e.message.contains(expected)
        !e.message.contains('\n')
        !e.message.contains(CANARY)

        where:
        what                              | dotenv                                            || line | column | expected
        'a line without ='                | "A=1\n$CANARY\n"                                 || 2    | 20     | "expected '=' after the name"
        'a line that is not a name'       | "A=1\n  ${CANARY.replace('c', '-')}=x\n"         || 2    | 3      | 'expected a name'
        'an unclosed double quote'        | "A=1\nB=\"$CANARY\nC=3\n"                         || 2    | 3      | 'never closed'
        'an unclosed single quote'        | "B='$CANARY\n"                                    || 1    | 3      | "must close on its line"
        'text after a closing quote'      | "B=\"x\"$CANARY\n"                                || 1    | 6      | 'after the closing quote'
        'a space in a name'               | "MY KEY=$CANARY\n"                                || 1    | 4      | "expected '=' after the name"
    }

    def "a name given twice is refused with both lines"() {
        when:
        def e = refusal('.env', "A=1\n# c\nexport A=$CANARY\n")

        then:
        e.message.contains("the key 'A' is given twice, at lines 1 and 3")
        !e.message.contains(CANARY)
    }

    def "written values read back exactly: #what"() {
        given:
        def store = open('file:out.env?plaintext=true', true)

        when:
        put(store, SecretRecord.ofText('KEY', value))

        then:
        contents(open('file:out.env')) == [KEY: value]
        text('out.env') == line + '\n'

        where:
        what                 | value                 || line
        'plain'              | 'abc-123_x.y:z/@+=%'  || 'KEY=abc-123_x.y:z/@+=%'
        'spaces'             | ' a b '               || 'KEY=" a b "'
        'quotes, backslash'  | 'a"b\'c\\d'            || 'KEY="a\\"b\'c\\\\d"'
        'line breaks, tabs'  | 'l1\r\nl2\tx'         || 'KEY="l1\\r\\nl2\\tx"'
        'a hash'             | 'a #b'                || 'KEY="a #b"'
        'unicode'            | 'пароль'              || 'KEY="пароль"'
        'empty'              | ''                    || 'KEY=""'
    }

    def "a value or name a dotenv file cannot hold is refused before writing: #what"() {
        given:
        def store = open('file:out.env?plaintext=true', true)

        when:
        store.write(record, WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains(why)
        !e.message.contains(CANARY)
        !store.path().toFile().exists()

        where:
        what                  | record                                                                       || why
        'a control character' | SecretRecord.ofText('K', CANARY + '\u0001')                                  || 'control character (U+0001)'
        'binary'              | SecretRecord.builder('K').value(SecretValue.ofBytes([0xff, 0xfe] as byte[])).build() || 'not UTF-8 text'
        'a slash in the name' | SecretRecord.ofText('a/b', CANARY)                                           || 'does not keep U+002F SOLIDUS'
    }
}
