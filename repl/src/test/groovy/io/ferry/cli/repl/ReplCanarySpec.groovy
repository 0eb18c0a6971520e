package io.ferry.cli.repl

import com.fasterxml.jackson.core.io.JsonStringEncoder
import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * A canary planted in a store, and a shell script that reshapes it every way a person (or an
 * attacker) might, in Groovy and in Java: the canary, in none of its encodings, may reach the
 * screen, standard output or error, the history, or any file under the working or home directory.
 * Only reveal shows it, and a repair made from a masked value writes the real one.
 */
class ReplCanarySpec extends Specification {

    /** A quote and a backslash, so that its escaped forms differ from it. */
    static final String CANARY = 'canary-7e41"c0d9\\back-never-print'
    /** Bytes that are not UTF-8, which a shell shows as hex or base64 when it shows them. */
    static final byte[] BINARY = (('binary-canary-0b4d'.getBytes('UTF-8') as List) + [-1, -2, 0, -127]) as byte[]

    @TempDir
    Path dir

    FerryCli cli
    String store
    Path home

    def setup() {
        home = dir.resolve('home')
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'canary-spec', HOME: home.toString()])
        store = "memory:repl-canary-${UUID.randomUUID()}"
        cli.write(store, SecretRecord.ofText('app/canary', CANARY), SecretRecord.ofText('db/port', '5432'),
                SecretRecord.ofText('app/pin', '123'), SecretRecord.ofText('app/short', '45'), SecretRecord.ofText('app/word', 'api'),
                SecretRecord.builder('app/binary').value(SecretValue.ofBytes(BINARY)).build())
    }

    /** Types the lines into a shell on a dumb terminal; returns the screen and what reached the process's own streams. */
    Map repl(List<String> lines) {
        def input = new ByteArrayInputStream((lines.join('\n') + '\n').getBytes(StandardCharsets.UTF_8))
        def screen = new ByteArrayOutputStream()
        def streams = new ByteArrayOutputStream()
        def stdout = System.out
        def stderr = System.err
        System.out = new PrintStream(streams, true, 'UTF-8')
        System.err = new PrintStream(streams, true, 'UTF-8')
        try {
            new DumbTerminal('test', 'dumb', input, screen, StandardCharsets.UTF_8).withCloseable { terminal ->
                def host = cli.host()
                new Repl(terminal, home.resolve('.ferry/repl_history'), host,
                        new MainCommands(host, ['--state', dir.resolve('.ferry/state.db').toString()])).run()
            }
        } finally {
            System.out = stdout
            System.err = stderr
        }
        [out: screen.toString(StandardCharsets.UTF_8), streams: streams.toString(StandardCharsets.UTF_8)]
    }

    static final List<String> GROOVY = [
            'r = s.get(\'app/canary\')', 'r', 'r.value', 'r.value.text', 'r.value.bytes', 'r.value.text.bytes',
            'r.value.text.reverse()', 'r.value.text.reverse().reverse()', 'r.value.text.toList()', 'r.value.text.toLowerCase()',
            'r.value.text.toUpperCase()', 'r.value.text[0..-2]', 'r.value.text[0..-1]', 'r.value.text.bytes.encodeBase64()',
            'r.value.text.bytes.encodeBase64().toString()', 'r.value.bytes.encodeHex().toString()',
            'r.value.text.getBytes(\'UTF-8\').encodeHex()', 'r.value.text.each { print it }', 'r.value.text.collect { it }.join(\'\')',
            'r.value.text.findAll { true }.join()', 'r.value.text.toList().join(\'\')', 'r.value.text.inspect()',
            'r.value.text.split(\'-\')', 'r.value.text.chars', 'r.value.text.toCharArray()', 'println r.value.text',
            'print r.value.text; println()', '"${r.value.text}"', '"pre " + r.value.text + " post"', 'r.value.text + \'\'',
            'r.value.text as String', '(r.value.text as String).reverse()', 'r.value.text.toString()',
            'System.out.println(r.value.text)', 'System.out.println(r.value.text.toString())', 'System.err.println(r.value.text)',
            'r.value.text.each { System.out.print(it) }; System.out.println()',
            'new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(r.value.text)',
            'new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString([v: r.value.text])',
            'java.net.URLEncoder.encode(r.value.text, \'UTF-8\')', 'r.value.text.toInteger()', 'r.value.text.noSuchMethod(r.value.text)',
            'new String(r.value.bytes)', 'r.json', 'r.value.text.replace(\'7e41\', \'xxxx\')',
            'throw new RuntimeException(r.value.text.toString())', 'throw new RuntimeException("${r.value.text}")',
            'assert r.value.text == \'x\'', 'r.value.properties', 'r.value.text.dump()',
            'b = s.get(\'app/binary\')', 'b.value', 'b.value.bytes', 'b.value.bytes.encodeHex()', 'b.value.bytes.encodeBase64()',
            'b.value.text', 'println b.value.bytes.encodeHex().toString()', ':get s app/binary',
            ':get s app/canary', ':get ' + '%STORE%' + ' app/canary',
            'rb = load(\'V1__canary.groovy\')', 'plan(rb)', ':plan', ':plan --sample 5', ':plan --sample 5 --output json']

    static final List<String> JAVA = [
            ':java', 'var s = open("%STORE%");', 'var r = s.get("app/canary");', 'r', 'r.value()', 'r.value().text()',
            'r.value().bytes()', 'r.value().text().toString()', '"x" + r.value().text()', 'System.out.println(r.value().text());',
            'System.out.println(r.value());', 'System.err.println(r.value().text());', 'String.valueOf(r.value().text())',
            // The engine's own API hands out real strings: JShell shows one quoted and escaped.
            'var p = io.ferry.spi.ProviderRegistry.load().open("%STORE%", io.ferry.spi.ProviderContext.system());',
            'var t = p.read("app/canary").get().value().text();', 't', 'System.out.println(t);',
            'throw new IllegalStateException(t);', ':groovy']

    def "a canary reshaped every way in Groovy and Java reaches no output, history or file, in any encoding"() {
        given:
        Files.writeString(dir.resolve('V1__canary.groovy'), """
            runbook {
                source '$store'
                target 'memory:repl-canary-target-${UUID.randomUUID()}'
                transform { rec ->
                    println rec.value.text
                    System.out.println(rec.value.text)
                    System.err.println(rec.value.text)
                }
            }
            """.stripIndent())
        def lines = ["s = open('$store')".toString(), ":connect s $store".toString()] + GROOVY + JAVA
        lines = lines.collect { it.replace('%STORE%', store) }

        when:
        def result = repl(lines)

        then: 'the lines ran, and their results printed masked'
        result.out.contains("‹masked: ${CANARY.length()} bytes›")
        result.out.contains('SecretRecord[key=app/canary')
        result.out.contains('ferry java> ')
        result.out.contains(GroovyEvaluator.MASKED_RESULT)
        result.out.contains('PLANNED')

        and: 'the canary is nowhere, in no encoding'
        def places = [screen: result.out, streams: result.streams] + filesUnder(dir)
        places.keySet().containsAll(['screen', 'streams', 'home/.ferry/repl_history', '.ferry/state.db'])
        places.each { place, text ->
            (encodings(CANARY) + binaryEncodings(BINARY)).each { encoding, form ->
                assert !text.contains(form): "the canary, $encoding, is in $place"
            }
        }
    }

    def "a transform run from a fresh shell prints no value, though the shell itself never read one"() {
        given: 'a runbook whose transform prints every value it is given, in a shell that has read nothing'
        Files.writeString(dir.resolve('V1__printing.groovy'), """
            runbook {
                source '$store'
                target 'memory:repl-canary-target-${UUID.randomUUID()}'
                transform { rec ->
                    println rec.value.text
                    System.out.println(rec.value.text)
                    System.err.println(rec.value.text)
                }
            }
            """.stripIndent())

        when:
        def result = repl(['rb = load(\'V1__printing.groovy\')', 'plan(rb)', ':plan'])

        then: 'the plans ran, and what the transform printed reached the screen masked'
        result.out.contains('PLANNED')
        result.out.contains(ScrubbingWriter.MASK)

        and:
        def places = [screen: result.out, streams: result.streams] + filesUnder(dir)
        places.each { place, text ->
            encodings(CANARY).each { encoding, form ->
                assert !text.contains(form): "the canary, $encoding, is in $place"
            }
        }
    }

    def "reveal shows a value, and whatever a line made of it, as it is"() {
        when:
        def out = repl(["s = open('$store')".toString(), "r = s.get('app/canary')", 'reveal(r)', 'reveal(r.value.text.reverse())',
                        'reveal(r.value.text.toUpperCase()[0..5])']).out

        then:
        out.count(CANARY) == 1
        out.contains(CANARY.reverse())
        out.contains('CANARY')
        !Files.readString(home.resolve('.ferry/repl_history')).contains('reveal')
    }

    def "a repair made from a masked value writes the real value, and masked values compare"() {
        when:
        def out = repl(["s = open('$store')".toString(), "r = s.get('db/port')", "r.value.text == '5432'", "r.value.text == '5433'",
                        "r.value == s.get('db/port').value", "r.value.text.startsWith('54')",
                        "s.put('db/port', r.value.text.replace('5432', '5433'))",
                        "s.put('app/copy', s.get('app/canary'))"]).out

        then:
        out.readLines().findAll { it.endsWith('true') || it.endsWith('false') }*.replaceAll(/.*> /, '') == ['true', 'false', 'true', 'true']
        out.contains('updated db/port in ' + store)
        cli.read(store, 'db/port').value().text() == '5433'
        cli.read(store, 'app/copy').value().text() == CANARY
        !out.contains(CANARY)
    }

    def "short values read do not mask the same characters in other text"() {
        when:
        def out = repl(["s = open('$store')".toString(), "['app/pin', 'app/short', 'app/word'].each { s.get(it) }; null",
                        "println '12345 is not secret'", "println 'svc/api/token'", "s.get('app/pin').value.text"]).out

        then:
        out.contains('12345 is not secret\n')
        out.contains('svc/api/token\n')
        out.contains('‹masked: 3 bytes›')
    }

    /** Every regular file under the directory, read as Latin-1 so that binary files search as text. */
    static Map<String, String> filesUnder(Path root) {
        Files.walk(root).withCloseable { files ->
            files.filter { Files.isRegularFile(it) }.toList().collectEntries { file ->
                [(root.relativize(file).toString()): new String(Files.readAllBytes(file), 'ISO-8859-1')]
            }
        }
    }

    /** The binary canary as hex and base64 write it. */
    static Map<String, String> binaryEncodings(byte[] bytes) {
        ['binary base64': bytes.encodeBase64().toString(), 'binary hex': bytes.encodeHex().toString(),
         'binary HEX': bytes.encodeHex().toString().toUpperCase(), 'binary raw': new String(bytes, 'ISO-8859-1')]
    }

    /** The canary as each encoding writes it, as Latin-1 text of its bytes. */
    static Map<String, String> encodings(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8)
        String json = new String(JsonStringEncoder.instance.quoteAsString(value))
        [raw         : value,
         json        : json,
         'nested JSON': new String(JsonStringEncoder.instance.quoteAsString(json)),
         base64      : bytes.encodeBase64().toString(),
         'base64url' : Base64.urlEncoder.withoutPadding().encodeToString(bytes),
         hex         : bytes.encodeHex().toString(),
         'HEX'       : bytes.encodeHex().toString().toUpperCase(),
         url         : URLEncoder.encode(value, 'UTF-8')].collectEntries { k, v ->
            [(k): new String(v.getBytes(StandardCharsets.UTF_8), 'ISO-8859-1')]
        }
    }
}
