package io.ferry.cli.repl

import io.ferry.secret.SecretValue
import spock.lang.Specification

/** The shell's output filter: values seen, in their encodings, masked; everything else intact. */
class ScrubbingWriterSpec extends Specification {

    static final String VALUE = 'pa"ss\\word-4f1e-9c2a'

    SeenValues seen = new SeenValues()
    StringWriter screen = new StringWriter()
    ScrubbingWriter filter = new ScrubbingWriter(screen, seen)

    String printed(List<String> writes) {
        writes.each { filter.write(it) }
        filter.drain()
        screen.toString()
    }

    def "a value is masked in each encoding it is commonly printed in"() {
        given:
        seen.add(SecretValue.ofText(VALUE))

        expect:
        printed(["before ${encoded} after\n".toString()]) == 'before *** after\n'

        where:
        encoded << [VALUE,
                    'pa\\"ss\\\\word-4f1e-9c2a',
                    VALUE.bytes.encodeBase64().toString(),
                    VALUE.bytes.encodeHex().toString(),
                    URLEncoder.encode(VALUE, 'UTF-8')]
    }

    def "a value written in pieces, one character at a time, is still masked"() {
        given:
        seen.add(SecretValue.ofText(VALUE))

        expect:
        printed(('<' + VALUE + '>\n').toList()) == '<***>\n'
    }

    def "values shorter than the netted length, and text around values, are printed intact"() {
        given:
        ['123', '45', 'api', 'token', 'longer-value-7731'].each { seen.add(SecretValue.ofText(it)) }

        expect:
        printed([text]) == shown

        where:
        text                                      || shown
        '12345 is not secret\n'                   || '12345 is not secret\n'
        'svc/api/token\n'                         || 'svc/api/token\n'
        'x=longer-value-7731; y=longer-value-77\n' || 'x=***; y=longer-value-77\n'
        'longer-value-7731longer-value-7731\n'    || '***\n'
    }

    def "values read after others, in any order of reads and prints, are all masked"() {
        when:
        (1..300).each { n ->
            seen.add(SecretValue.ofText("value-number-$n-x".toString()))
            filter.write("$n:value-number-$n-x;value-number-${n.intdiv(2)}-x\n".toString())
            filter.drain()
        }

        then:
        screen.toString().readLines().every { it ==~ /\d+:\*\*\*;(\*\*\*|value-number-0-x)/ }
    }

    def "a whole result that is a value is recognised however short"() {
        given:
        seen.add(SecretValue.ofText('Qz9'))

        expect:
        seen.isValue('Qz9')
        !seen.isValue('Qz')
    }
}
