package io.ferry.transforms

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.transform.TransformContext
import io.ferry.transform.TransformRegistry
import spock.lang.Specification

class ValueTransformsSpec extends Specification {

    def registry = TransformRegistry.load()
    def context = Stub(TransformContext)

    def "#name with #args turns text '#value' into '#expected'"() {
        given:
        def record = SecretRecord.builder('app/db').text(value).tag('env', 'prod').build()

        when:
        def out = registry.create(name, args).apply(record, context)

        then:
        out.size() == 1
        out[0].key() == 'app/db'
        out[0].value().text() == expected
        out[0].tags() == record.tags()

        where:
        name         | args              | value                 || expected
        'trim'       | [:]               | '  hunter2\n'         || 'hunter2'
        'trim'       | [:]               | '\t\r\n'              || ''
        'trim'       | [:]               | 'пароль 🔑 '          || 'пароль 🔑'
        'trim'       | [:]               | 'inner  space'        || 'inner  space'
        'value-case' | [to: 'upper']     | 'straße ключ'         || 'STRASSE КЛЮЧ'
        'value-case' | [to: 'lower']     | 'HunTer2'             || 'hunter2'
        'base64'     | [mode: 'encode']  | 'hunter2'             || 'aHVudGVyMg=='
        'base64'     | [mode: 'encode']  | ''                    || ''
        'base64'     | [mode: 'encode']  | '🔑'                  || '8J+UkQ=='
        'base64'     | [mode: 'decode']  | 'aHVudGVyMg=='        || 'hunter2'
        'base64'     | [mode: 'decode']  | ''                    || ''
    }

    def "trim leaves binary values untouched and base64 encodes all 256 bytes"() {
        given:
        byte[] bytes = (0..255).collect { it as byte } as byte[]
        def record = SecretRecord.builder('blob').value(SecretValue.ofBytes(bytes)).build()

        expect:
        registry.create('trim', [:]).apply(record, context) == [record]
        registry.create('base64', [mode: 'encode']).apply(record, context)[0].value().text() == bytes.encodeBase64().toString()
    }

    def "#name with #args turns fields #fields into #expected"() {
        given:
        def record = SecretRecord.builder('app/db').value(SecretRecord.jsonValue(fields)).contentType(SecretRecord.JSON).build()

        when:
        def out = registry.create(name, args).apply(record, context)

        then:
        out.size() == 1
        out[0].json == expected
        out[0].json.keySet() as List == expected.keySet() as List
        out[0].contentType() == SecretRecord.JSON

        where:
        name           | args                                                      | fields                              || expected
        'json-rename'  | [from: 'pass', to: 'password']                            | [user: 'u', pass: 'p', x: 1]        || [user: 'u', password: 'p', x: 1]
        'json-rename'  | [from: 'pass', to: 'password']                            | [user: 'u']                         || [user: 'u']
        'json-rename'  | [from: 'пароль', to: 'password']                          | [пароль: '🔑']                      || [password: '🔑']
        'json-pick'    | [fields: ['user', 'password']]                            | [user: 'u', password: 'p', x: 1]    || [user: 'u', password: 'p']
        'json-pick'    | [fields: 'missing']                                       | [user: 'u']                         || [:]
        'json-drop'    | [fields: ['x']]                                           | [user: 'u', x: 1]                   || [user: 'u']
        'json-drop'    | [fields: ['x']]                                           | [:]                                 || [:]
        'json-set'     | [fields: [port: 5432, ssl: 'require']]                    | [host: 'h', port: 1]                || [host: 'h', port: 5432, ssl: 'require']
        'json-convert' | [field: 'port', to: 'integer']                            | [port: ' 5432 ']                    || [port: 5432]
        'json-convert' | [field: 'port', to: 'integer']                            | [port: 5432.0]                      || [port: 5432]
        'json-convert' | [field: 'on', to: 'boolean']                              | [on: 'TRUE']                        || [on: true]
        'json-convert' | [field: 'on', to: 'boolean']                              | [on: false]                         || [on: false]
        'json-convert' | [field: 'd', to: 'date', format: 'dd/MM/yyyy']            | [d: '31/01/2030']                   || [d: '2030-01-31']
        'json-convert' | [field: 'd', to: 'date']                                  | [d: '2030-01-31']                   || [d: '2030-01-31']
        'json-convert' | [field: 'tier', map: [gold: 1, silver: 2]]                | [tier: 'gold']                      || [tier: 1]
        'json-convert' | [field: 'tier', map: [gold: '1'], to: 'integer']          | [tier: 'gold']                      || [tier: 1]
        'json-convert' | [field: 'tier', map: [gold: 1], to: 'integer']            | [tier: '7']                         || [tier: 7]
        'json-compute' | [field: 'url', expression: '"https://$json.host:$json.port"'] | [host: 'h', port: 443]          || [host: 'h', port: 443, url: 'https://h:443']
        'json-compute' | [field: 'name', expression: 'rec.key.toUpperCase()']      | [:]                                 || [name: 'APP/DB']
        'json-compute' | [field: 'n', expression: 'json.size()']                   | [a: 1, b: 2]                        || [a: 1, b: 2, n: 2]
        'template'     | [template: 'postgres://${user}:${password}@${host}/db', field: 'url'] | [user: 'u', password: 'p$1', host: 'h'] || [user: 'u', password: 'p$1', host: 'h', url: 'postgres://u:p$1@h/db']
        'template'     | [template: '$${user}=${user}', field: 'x']                | [user: '${host}', host: 'h']        || [user: '${host}', host: 'h', x: '${user}=${host}']
    }

    def "a template without field: becomes the whole value, as text"() {
        given:
        def record = SecretRecord.builder('app/db').value(SecretRecord.jsonValue([user: 'u', pw: 'пароль'])).contentType(SecretRecord.JSON).build()

        when:
        def out = registry.create('template', [template: 'postgres://${user}:${pw}@h/db']).apply(record, context)

        then:
        out[0].value().text() == 'postgres://u:пароль@h/db'
        out[0].contentType() == SecretRecord.TEXT
    }

    def "#name refuses bad input on #key, naming the key and field but never the value"() {
        given:
        def record = SecretRecord.builder(key).value(value).build()

        when:
        registry.create(name, args).apply(record, context)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message
        !e.message.contains(Corpus.CANARY)

        where:
        name           | args                                          | key      | value                                                       || message
        'json-convert' | [field: 'tier', to: 'integer']                | 'cust/1' | json(tier: Corpus.CANARY)                                   || "json-convert: field 'tier' of cust/1 is not an integer"
        'json-convert' | [field: 'tier', to: 'integer']                | 'cust/1' | json(tier: 1.5)                                             || "json-convert: field 'tier' of cust/1 is not an integer"
        'json-convert' | [field: 'on', to: 'boolean']                  | 'cust/1' | json(on: Corpus.CANARY)                                     || "json-convert: field 'on' of cust/1 is not a boolean"
        'json-convert' | [field: 'd', to: 'date', format: 'dd/MM/yyyy'] | 'cust/1' | json(d: Corpus.CANARY)                                     || "json-convert: field 'd' of cust/1 is not a date in the given format"
        'json-convert' | [field: 'tier', map: [gold: 1]]               | 'cust/1' | json(tier: Corpus.CANARY)                                   || "json-convert: field 'tier' of cust/1 has a value the map does not list; add it to map:"
        'json-convert' | [field: 'tier', to: 'integer']                | 'cust/1' | json(other: Corpus.CANARY)                                  || "json-convert: cust/1 has no field 'tier'"
        'json-rename'  | [from: 'a', to: 'b']                          | 'cust/1' | json(a: Corpus.CANARY, b: Corpus.CANARY)                    || "json-rename: cust/1 already has a field 'b'; renaming 'a' would overwrite it"
        'json-pick'    | [fields: ['a']]                               | 'plain'  | SecretValue.ofText(Corpus.CANARY)                           || "json-pick: the value of plain is not a JSON object; apply it only to multi-field secrets"
        'json-drop'    | [fields: ['a']]                               | 'empty'  | SecretValue.empty()                                         || "json-drop: the value of empty is not a JSON object; apply it only to multi-field secrets"
        'json-set'     | [fields: [a: 1]]                              | 'arr'    | SecretValue.ofText("[\"$Corpus.CANARY\"]")                  || "json-set: the value of arr is not a JSON object; apply it only to multi-field secrets"
        'template'     | [template: '${user}:${pw}']                   | 'cust/1' | json(user: Corpus.CANARY)                                   || "template: cust/1 has no field 'pw'"
        'json-compute' | [field: 'n', expression: 'json.pw.toInteger()'] | 'cust/1' | json(pw: Corpus.CANARY)                                   || "json-compute: the expression failed on cust/1 with NumberFormatException; check the fields it reads"
        'value-case'   | [to: 'upper']                                 | 'blob'   | SecretValue.ofBytes([0xff, 0xfe] as byte[])                 || "value-case: the value of blob is binary, not UTF-8 text; filter binary secrets out before it"
        'base64'       | [mode: 'decode']                              | 'cust/1' | SecretValue.ofText(Corpus.CANARY)                           || "base64: the value of cust/1 is not padded standard Base64; decode only values that were encoded that way"
        'base64'       | [mode: 'decode']                              | 'cust/1' | SecretValue.ofText('aHVudGVyMg')                            || "base64: the value of cust/1 is not padded standard Base64; decode only values that were encoded that way"
    }

    def "bad value arguments are reported with the transform and the fix: #name #args"() {
        when:
        registry.create(name, args)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        name           | args                                       || message
        'base64'       | [mode: 'zip']                              || "transform 'base64' argument mode is 'zip'; it takes one of encode, decode"
        'json-convert' | [field: 'x']                               || "transform 'json-convert' needs to: (integer, boolean or date) or map:, or both"
        'json-convert' | [field: 'x', to: 'integer', format: 'y']   || "transform 'json-convert' takes format only with to: 'date'"
        'json-convert' | [field: 'x', to: 'date', format: 'qqqqqq']  || "transform 'json-convert' argument format is not a date pattern; write it like 'dd/MM/yyyy'"
        'json-compute' | [field: 'x', expression: 'json.(']        || "transform 'json-compute' argument expression is not a valid Groovy expression: Script1.groovy: 1: Unexpected input: '.' @ line 1, column 5."
        'json-rename'  | [from: 'a', to: 'a']                       || "transform 'json-rename' has from and to both 'a'; give a new name"
        'json-pick'    | [fields: []]                               || "transform 'json-pick' argument fields is empty; give at least one name"
        'json-set'     | [fields: 'x']                              || "transform 'json-set' argument fields must be a non-empty map, for example fields: [a: 'b']"
        'template'     | [template: 'a${b']                         || "transform 'template' argument template has an unclosed or empty \${ at 1; write \${field}, or \$\$ for a dollar sign"
    }

    def "json-compute compiles once and gives each thread its own script"() {
        given:
        def transform = registry.create('json-compute', [field: 'n', expression: 'def x = json.i; Thread.yield(); x * 2'])

        when:
        def results = (0..<200).collect { i ->
            Thread.start {
                def out = transform.apply(SecretRecord.ofText("k$i", SecretRecord.jsonValue([i: i]).text()), context)
                assert out[0].json.n == i * 2
            }
        }*.join()

        then:
        noExceptionThrown()
    }

    private static SecretValue json(Map fields) {
        SecretRecord.jsonValue(fields)
    }
}
