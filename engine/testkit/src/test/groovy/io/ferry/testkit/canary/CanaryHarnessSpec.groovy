package io.ferry.testkit.canary

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderSpec
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.canary.Canary.Shape
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** The harness finds what it is meant to find: a search that cannot fail would prove nothing. */
class CanaryHarnessSpec extends Specification {

    @TempDir
    Path dir

    Canary canary = Canary.create()

    def "the search finds the canary #encoding, alone and inside a longer text"() {
        given:
        def encoded = encoding.apply(canary.bytes())

        expect:
        canary.findIn('alone', encoded)*.encoding().contains(encoding)
        canary.findIn('inside', "before ${encoded} after")*.encoding().contains(encoding)

        where:
        encoding << Encoding.values()
    }

    def "Base64 of a longer text holding the canary is found at every alignment (#offset bytes before it)"() {
        given:
        def text = ('x' * offset + canary.value() + ' and more').getBytes(StandardCharsets.UTF_8)

        expect:
        canary.findIn('standard', Base64.encoder.encodeToString(text))*.encoding().contains(Encoding.BASE64)
        canary.findIn('url-safe', Base64.urlEncoder.withoutPadding().encodeToString(text))*.encoding().contains(Encoding.BASE64_URL)

        where:
        offset << [0, 1, 2, 3, 4, 5]
    }

    def "text without the canary, or with another canary, has no finding"() {
        expect:
        canary.findIn('other', Canary.create().value() + Canary.create().json()).isEmpty()
        canary.findIn('nothing', 'cnry').isEmpty()
        canary.toString() == 'Canary[***]'
    }

    def "files and directories are searched byte by byte, and each finding names its file"() {
        given:
        Files.writeString(dir.resolve('clean.txt'), 'nothing here')
        Files.createDirectories(dir.resolve('deep'))
        def bytes = new ByteArrayOutputStream()
        bytes.write([0, 1, 2] as byte[])
        bytes.write(Encoding.HEX_UPPER.apply(canary.bytes()).getBytes(StandardCharsets.US_ASCII))
        bytes.write(0xFF)
        Files.write(dir.resolve('deep/binary.db'), bytes.toByteArray())

        when:
        def findings = canary.findIn(dir)

        then:
        findings == [new Canary.Finding(dir.resolve('deep/binary.db').toString(), Encoding.HEX_UPPER)]
    }

    def "an echo of a request quotes each value in it in every encoding, a #shape value included"() {
        given:
        def record = canary.record('k', shape)
        def body = '{"Name":"k","SecretString":"' + Encoding.JSON_ESCAPED.apply(record.value().bytes()) + '","SecretBinary":"' +
                Base64.encoder.encodeToString(record.value().bytes()) + '"}'

        expect:
        canary.findIn('echo', Echo.of(body))*.encoding() as Set == Encoding.values() as Set

        where:
        shape << Shape.values()
    }

    def "the hostile store fails what it is told to with a #thrown exception quoting the value, and passes the rest on"() {
        given:
        def context = new ProviderContext(dir, [:], ProviderContext.PassphraseSource.none())
        def inner = "memory:harness-${UUID.randomUUID()}"
        def store = new HostileStoreFactory().open(ProviderSpec.parse("hostile:$inner?fail=write&throw=$thrown"), context)

        when:
        store.write(canary.record('k', Shape.TEXT), WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(RuntimeException)
        (e instanceof ProviderException) == (thrown == 'provider')
        def quoting = thrown == 'provider' ? e.cause : e
        canary.findIn('message', quoting.message)*.encoding() as Set == Encoding.values() as Set
        !canary.findIn('cause', quoting.cause.message).isEmpty()
        !canary.findIn('suppressed', quoting.suppressed[0].message).isEmpty()

        and: 'reads and lists go through'
        store.read('k').isEmpty()
        store.list('', null, 10).items().isEmpty()

        cleanup:
        store?.close()

        where:
        thrown << ['foreign', 'provider']
    }

    def "hostile code throws the value it is given in every encoding"() {
        when:
        def failure = HostileCode.failure(canary.value())

        then:
        canary.findIn('message', failure.message)*.encoding() as Set == Encoding.values() as Set
        !canary.findIn('cause', failure.cause.message).isEmpty()
    }
}
