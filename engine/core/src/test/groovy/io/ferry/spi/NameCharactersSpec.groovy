package io.ferry.spi

import io.ferry.secret.SecretRecord
import spock.lang.Specification

class NameCharactersSpec extends Specification {

    static final Map<String, String> CONTROLS = [
            'a line feed': '\n', 'a carriage return': '\r', 'a tab': '\t', 'BEL': '\u0007', 'ESC': '\u001b',
            'DEL': '\u007f', 'the C1 control NEL': '\u0085', 'the C1 control CSI': '\u009b']

    def "the local store keeps a name with #what exactly"() {
        given:
        def constraints = ProviderRegistry.load().emulation('local')

        expect:
        constraints.violations(SecretRecord.ofText("app${character}key", 'v'), 1).isEmpty()

        where:
        what << CONTROLS.keySet()
        character = CONTROLS[what]
    }

    def "the local store refuses NUL and an unpaired surrogate, which no name keeps exactly"() {
        given:
        def constraints = ProviderRegistry.load().emulation('local')

        expect:
        constraints.nameViolations('a\u0000b').any { it.contains('U+0000 NULL') }
        constraints.nameViolations('a\ud800b').any { it.contains('U+D800') }
    }

    def "a refusal names each refused character once, in the order they appear, and at most five"() {
        given:
        def characters = NameCharacters.of('[A-Za-z0-9/_+=.@-]', 'ASCII letters, digits and /_+=.@-')

        expect:
        characters.refused('a\nb\nc\u001b') == [0x0a, 0x1b]
        characters.refusal('AWS Secrets Manager', 'a\nb\u001b') ==
                'name is not valid for AWS Secrets Manager, which does not keep U+000A LINE FEED (LF), U+001B ESCAPE ' +
                'in names (it takes ASCII letters, digits and /_+=.@-); map the name with a rename transform'
        characters.refusal('AWS Secrets Manager', '!#$%^&*').contains('U+0025 PERCENT SIGN, U+005E CIRCUMFLEX ACCENT and more')
        characters.refusal('AWS Secrets Manager', 'fine/name') == null
    }

    def "a name with a refused character gets one reason for it, not a second one for its shape"() {
        expect:
        ProviderRegistry.load().emulation('azure').nameViolations('db\npass').size() == 1
        ProviderRegistry.load().emulation('azure').nameViolations('db_pass').size() == 1
        ProviderRegistry.load().emulation('azure').nameViolations('db_pass')[0].contains('U+005F LOW LINE')
    }
}
