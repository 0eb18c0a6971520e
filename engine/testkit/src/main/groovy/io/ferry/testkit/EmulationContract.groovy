package io.ferry.testkit

import io.ferry.secret.SecretRecord
import io.ferry.spi.Constraints
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.nio.file.Path
import spock.lang.Specification

/**
 * What {@code memory:?emulate=SCHEME} owes every adapter that declares its store's rules through
 * {@link io.ferry.spi.ProviderFactory#constraints()}: the memory store takes on exactly those rules,
 * refuses what the store would refuse with the store's name in the reason, and never lets a control
 * character into a name unnamed. An adapter's specification extends this one, names its scheme, and
 * gives its store's own refusals and acceptances as tables.
 */
abstract class EmulationContract extends Specification {

    /** The context memory stores are opened with: no passphrases, the working directory. */
    static final ProviderContext CONTEXT = new ProviderContext(Path.of('.'), [:], ProviderContext.PassphraseSource.none())

    /** Control characters no cloud store keeps in a name, by what they are called. */
    static final Map<String, String> CONTROLS = [
            'a line feed': '\n', 'a carriage return': '\r', 'a tab': '\t', 'BEL': '\u0007', 'ESC': '\u001b',
            'DEL': '\u007f', 'the C1 control NEL': '\u0085', 'the C1 control CSI': '\u009b']

    /** @return the scheme whose store is emulated, such as {@code aws} */
    abstract String scheme()

    /**
     * @param name a name with the character under test
     * @return the name as this store's shape needs it apart from that character (lower case for a
     *     store that takes only lower-case names); the name itself by default
     */
    String shaped(String name) {
        name
    }

    /** @return the store's own refusals, each {@code [why, record, a fragment of the reason]} */
    abstract List<List> refusals()

    /** @return records the store's own rules accept, each {@code [why, record]} */
    abstract List<List> acceptances()

    /** @return a memory store emulating {@link #scheme()} */
    SecretProvider emulating() {
        ProviderRegistry.load().open("memory:?emulate=${scheme()}", CONTEXT)
    }

    def "memory:?emulate=SCHEME declares exactly the rules the adapter declares"() {
        given:
        Constraints declared = ProviderRegistry.load().factory(scheme()).constraints().orElseThrow()
        def provider = emulating()

        expect:
        with(provider.constraints()) {
            store() == declared.store()
            namePattern().pattern() == declared.namePattern().pattern()
            nameRule() == declared.nameRule()
            maxNameLength() == declared.maxNameLength()
            maxValueBytes() == declared.maxValueBytes()
            maxTags() == declared.maxTags()
            maxTagKeyLength() == declared.maxTagKeyLength()
            maxTagValueLength() == declared.maxTagValueLength()
            caseSensitive() == declared.caseSensitive()
            textOnly() == declared.textOnly()
            nameCharacters().description() == declared.nameCharacters().description()
        }
        ProviderRegistry.load().emulations().contains(scheme())

        cleanup:
        provider?.close()
    }

    def "the emulation refuses a name with #what, naming the character by its code point, and writes nothing"() {
        given:
        def provider = emulating()
        def name = shaped("app${character}key")

        when:
        provider.write(SecretRecord.ofText(name, 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        provider.list('', null, 10).items().isEmpty()

        and: 'the reason names the character and the store, and holds no control character itself'
        def problems = provider.violations(SecretRecord.ofText(name, 'v'))
        problems.size() == 1
        problems[0].contains(String.format('U+%04X', character.codePointAt(0)))
        problems[0].contains(provider.constraints().store())
        problems[0].chars().noneMatch { it < 0x20 || (it >= 0x7f && it <= 0x9f) }

        cleanup:
        provider.close()

        where:
        what << CONTROLS.keySet()
        character = CONTROLS[what]
    }

    def "the emulation refuses NUL and an unpaired surrogate, which no name keeps exactly"() {
        given:
        def constraints = emulating().constraints()

        expect:
        constraints.nameViolations(shaped('a\u0000b')).any { it.contains('U+0000 NULL') }
        constraints.nameViolations(shaped('a\ud800b')).any { it.contains('U+D800') }
    }

    def "the emulation refuses what the store refuses: #why"() {
        given:
        def provider = emulating()

        when:
        provider.write(record, WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message.contains(fragment)
        provider.list('', null, 10).items().isEmpty()

        cleanup:
        provider.close()

        where:
        [why, record, fragment] << refusals()
    }

    def "the emulation keeps what the store accepts: #why"() {
        given:
        def provider = emulating()

        when:
        def result = provider.write(record, WriteCondition.createOnly(), WriteOptions.none())

        then:
        result.version() == '1'
        provider.read(record.key()).get().value() == record.value()

        cleanup:
        provider.close()

        where:
        [why, record] << acceptances()
    }
}
