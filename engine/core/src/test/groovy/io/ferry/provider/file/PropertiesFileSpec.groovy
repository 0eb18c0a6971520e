package io.ferry.provider.file

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException

class PropertiesFileSpec extends FileStoreSpecification {

    def "a properties line is read as java.util.Properties reads it: #what"() {
        when:
        def store = file('app.properties', properties)

        then:
        contents(store) == expected

        and: 'java.util.Properties agrees'
        def reference = new Properties()
        reference.load(new StringReader(properties))
        reference == expected

        where:
        what                         | properties                                   || expected
        'name=value'                 | 'a=1\n'                                      || [a: '1']
        'a colon and spaces'         | 'a : 1\n'                                    || [a: '1']
        'a space as separator'       | 'a 1\n'                                      || [a: '1']
        'comments'                   | '# c\n! c\n  # c\na=1\n'                     || [a: '1']
        'a continuation line'        | 'a=one \\\n    two\nb=2\n'                   || [a: 'one two', b: '2']
        'an escaped backslash at end' | 'a=x\\\\\nb=2\n'                            || [a: 'x\\', b: '2']
        'unicode escapes'            | 'a=\\u00e9\\u0041\n'                         || [a: 'éA']
        'escaped separators in names' | 'my\\ key\\:x=v\n'                          || ['my key:x': 'v']
        'an empty value'             | 'a=\n'                                       || [a: '']
        'dots in names'              | 'db.url=jdbc:x\n'                            || ['db.url': 'jdbc:x']
    }

    def "a malformed escape is one line with its line and column, never the content"() {
        when:
        def e = refusal('bad.properties', "a=1\nb=$CANARY\\u00zz\n")

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.message.startsWith(dir.resolve('bad.properties').toString() + ":2:22: not valid properties: ")
        !e.message.contains(CANARY)
    }

    def "a name given twice is refused with both lines, though Properties would keep the last"() {
        when:
        def e = refusal('dup.properties', "a=1\nb=2 \\\n  more\na=$CANARY\n")

        then:
        e.message.contains("the key 'a' is given twice, at lines 1 and 4")
        !e.message.contains(CANARY)
    }

    def "written entries read back exactly, also through java.util.Properties: #what"() {
        given:
        def store = open('file:out.properties?plaintext=true', true)

        when:
        put(store, SecretRecord.ofText(key, value))
        def reference = new Properties()
        reference.load(new StringReader(text('out.properties')))

        then:
        contents(open('file:out.properties')) == [(key): value]
        reference == [(key): value]

        where:
        what                    | key          | value
        'plain'                 | 'a.b'        | 'v'
        'separators in a name'  | 'a b=c:d#e!' | 'x'
        'leading spaces'        | 'k'          | '  v  '
        'line breaks'           | 'k'          | 'l1\r\nl2\n'
        'control characters'    | 'k'          | 'a\u0000b\u0007'
        'backslashes'           | 'k'          | 'C:\\dir\\'
        'unicode'               | 'ключ'       | 'пароль 🔑'
    }
}
