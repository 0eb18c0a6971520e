package io.ferry.provider.file

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException

class YamlFileSpec extends FileStoreSpecification {

    def "a YAML file is read as a store: #what"() {
        when:
        def store = file(name, yaml, options)

        then:
        contents(store) == expected

        where:
        what                       | name           | options        | yaml                                                || expected
        'flat names'               | 'app.yaml'     | ''             | 'db-password: pw\napi_key: "k"\n'                  || [api_key: 'k', 'db-password': 'pw']
        'the .yml extension'       | 'app.yml'      | ''             | 'k: v\n'                                            || [k: 'v']
        'nested mappings'          | 'app.yaml'     | ''             | 'db:\n  user: app\n  pass: pw\n'                    || ['db/pass': 'pw', 'db/user': 'app']
        'scalars as written'       | 'app.yaml'     | ''             | 'port: 5432\nratio: 1.50\non: true\nnone: null\n'   || [none: '', on: 'true', port: '5432', ratio: '1.50']
        'a block scalar'           | 'app.yaml'     | ''             | 'cert: |\n  line one\n  line two\n'                 || [cert: 'line one\nline two\n']
        'a list as JSON text'      | 'app.yaml'     | ''             | 'hosts:\n  - a\n  - b\n'                            || [hosts: '["a","b"]']
        'comments'                 | 'app.yaml'     | ''             | '# comment\nk: v # trailing\n'                      || [k: 'v']
        'an empty file'            | 'app.yaml'     | ''             | ''                                                  || [:]
        'mappings kept whole'      | 'app.yaml'     | '?nested=keep' | 'db:\n  user: app\n  port: 5432\n'                  || [db: '{"user":"app","port":5432}']
        'format from the option'   | 'secrets.txt'  | '?format=yaml' | 'k: v\n'                                            || [k: 'v']
    }

    def "malformed YAML is one line with the file, line and column, and never the content: #what"() {
        when:
        def e = refusal('bad.yaml', yaml)

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.message.startsWith(dir.resolve('bad.yaml').toString() + ":$line:")
        e.message.contains(': not valid YAML: ')
        !e.message.contains('\n')
        !e.message.contains(CANARY)
        e.cause == null

        where:
        what                          | yaml                                                  || line
        'bad indentation'             | "a: x\n b: $CANARY\nc: y\n"                           || 2
        'an unclosed quote'           | "a: x\nb: \"$CANARY\n"                                || 3
        'a list at the top'           | "- $CANARY\n"                                         || 1
        'two documents'               | "a: $CANARY\n---\nb: y\n"                             || 3
        'a tab for indentation'       | "a:\n\tb: $CANARY\n"                                  || 2
    }

    def "a key given twice is refused with both lines"() {
        when:
        def e = refusal('dup.yaml', "a: x\nb: y\na: $CANARY\n")

        then:
        e.message.contains("the key 'a' is given twice, at lines 1 and 3")
        !e.message.contains(CANARY)
    }

    def "written YAML reads back exactly: #what"() {
        given:
        def store = open('file:out.yaml?plaintext=true', true)

        when:
        put(store, SecretRecord.ofText(key, value))

        then:
        contents(open('file:out.yaml')) == [(key): value]

        where:
        what                  | key         | value
        'plain text'          | 'k'         | 'v'
        'a YAML word'         | 'flag'      | 'yes'
        'a number as text'    | 'port'      | '007'
        'lines and tabs'      | 'pem'       | 'line1\r\nline2\n\tindented'
        'quotes and colons'   | 'dsn'       | 'a: "b" \'c\' #d'
        'unicode'             | 'ключ'      | 'пароль 🔑'
        'nested keys'         | 'db/pass'   | 'pw'
        'leading spaces'      | 'sp'        | '  padded  '
        'an embedded NUL'     | 'nul'       | 'before\u0000after'
    }
}
