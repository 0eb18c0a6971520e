package io.ferry.provider.file

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException

class JsonFileSpec extends FileStoreSpecification {

    def "a JSON file is read as a store: #what"() {
        when:
        def store = file('secrets.json', json, options)

        then:
        contents(store) == expected

        where:
        what                            | options          | json                                                         || expected
        'flat names and values'         | ''               | '{"db-password": "pw", "api_key": "k"}'                      || ['api_key': 'k', 'db-password': 'pw']
        'nested objects flattened'      | ''               | '{"db": {"user": "app", "pass": "pw"}, "top": "t"}'          || ['db/pass': 'pw', 'db/user': 'app', 'top': 't']
        'deep nesting'                  | ''               | '{"a": {"b": {"c": "deep"}}}'                                || ['a/b/c': 'deep']
        'numbers as written'            | ''               | '{"port": 5432, "ratio": 1.50, "big": 12345678901234567890}' || [big: '12345678901234567890', port: '5432', ratio: '1.50']
        'booleans and null'             | ''               | '{"on": true, "off": false, "none": null}'                   || [none: '', off: 'false', on: 'true']
        'an array as JSON text'         | ''               | '{"hosts": ["a", "b"]}'                                      || [hosts: '["a","b"]']
        'escapes and unicode'           | ''               | '{"k": "line\\nnext \\"q\\" \\u00e9 🔑"}'                   || [k: 'line\nnext "q" é 🔑']
        'an empty file'                 | ''               | ''                                                           || [:]
        'an empty object'               | ''               | '{}'                                                         || [:]
        'objects kept whole'            | '?nested=keep'   | '{"db": {"user": "app", "port": 5432}, "top": "t"}'          || [db: '{"user":"app","port":5432}', top: 't']
        'format from the option'        | '?format=json'   | '{"k": "v"}'                                                 || [k: 'v']
    }

    def "a kept object is one JSON record and an array keeps its content type"() {
        given:
        def kept = file('kept.json', '{"db": {"user": "app"}, "list": [1, 2]}', '?nested=keep')
        def flat = file('flat.json', '{"list": [1, 2], "s": "x"}')

        expect:
        kept.read('db').get().contentType() == SecretRecord.JSON
        kept.read('db').get().json == [user: 'app']
        kept.read('list').get().contentType() == SecretRecord.JSON
        flat.read('list').get().contentType() == SecretRecord.JSON
        flat.read('s').get().contentType() == null
    }

    def "malformed JSON is one line with the file, line and column, and never the content: #what"() {
        when:
        def e = refusal('bad.json', json)

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.message.startsWith(dir.resolve('bad.json').toString() + ":$line:$column: not valid JSON: ")
        e.message.contains("fix the file at line $line, column $column")
        !e.message.contains('\n')
        !e.message.contains(CANARY)
        e.cause == null

        where:
        what                       | json                                                   || line | column
        'an unquoted value'        | "{\n  \"a\": \"x\",\n  \"b\": $CANARY\n}"              || 3    | 8
        'a missing comma'          | "{\"a\": \"$CANARY\"\n \"b\": \"y\"}"                  || 2    | 2
        'a value cut off'          | "{\"a\": \"$CANARY"                                     || 1    | 27
        'a document that is a list' | "[\"$CANARY\"]"                                       || 1    | 1
        'two documents'            | "{\"a\": \"$CANARY\"}\n{\"b\": \"y\"}"                 || 2    | 1
        'an empty name'            | "{\"\": \"$CANARY\"}"                                   || 1    | 1
    }

    def "a key given twice is refused with both lines: #what"() {
        when:
        def e = refusal('dup.json', json)

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.key() == key
        e.message.contains("the key '$key' is given twice, at lines $first and $second")
        !e.message.contains(CANARY)

        where:
        what                          | json                                                                 || key     | first | second
        'in one object'               | "{\n\"a\": \"x\",\n\"a\": \"$CANARY\"\n}"                            || 'a'     | 2     | 3
        'flat and nested'             | "{\n\"a/b\": \"x\",\n\"a\": {\n\"b\": \"$CANARY\"}\n}"               || 'a/b'   | 2     | 4
        'inside a kept object'        | "{\"o\": {\n\"p\": 1,\n\"p\": \"$CANARY\"}}"                         || 'p'     | 2     | 3
    }

    def "written keys are nested by their slashes and read back as they were written"() {
        given:
        def store = open('file:out.json?plaintext=true', true)

        when:
        put(store, SecretRecord.ofText('db/user', 'app'), SecretRecord.ofText('db/pass', 'p"w\n'),
                SecretRecord.ofText('top', 't'),
                SecretRecord.builder('hosts').text('["a","b"]').contentType(SecretRecord.JSON).build())

        then:
        parseJson(text('out.json')) == [db: [user: 'app', pass: 'p"w\n'], top: 't', hosts: ['a', 'b']]
        contents(open('file:out.json')) == ['db/pass': 'p"w\n', 'db/user': 'app', hosts: '["a","b"]', top: 't']
    }

    def "a key that would be both a value and an object is refused, naming both keys"() {
        given:
        def store = open('file:out.json?plaintext=true', true)
        put(store, SecretRecord.ofText('db', 'x'))

        when:
        put(store, SecretRecord.ofText('db/pass', CANARY))

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains("'db' would be both a value and an object holding 'db/pass'")
        !e.message.contains(CANARY)
        contents(store) == [db: 'x']
    }

    def "with nested=keep a JSON object record is written as an object, and other text as a string"() {
        given:
        def store = open('file:kept.json?plaintext=true&nested=keep', true)

        when:
        put(store, SecretRecord.builder('db').text('{"user":"app","port":5432}').contentType(SecretRecord.JSON).build(),
                SecretRecord.builder('loose').text('{ "not": "compact" }').contentType(SecretRecord.JSON).build(),
                SecretRecord.ofText('with/slash', 'v'))

        then:
        parseJson(text('kept.json')) == [db: [user: 'app', port: 5432], loose: '{ "not": "compact" }', 'with/slash': 'v']
        open('file:kept.json?nested=keep').read('loose').get().value().text() == '{ "not": "compact" }'
    }
}
