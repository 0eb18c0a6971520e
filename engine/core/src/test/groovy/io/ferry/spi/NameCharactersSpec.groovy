package io.ferry.spi

import io.ferry.secret.SecretRecord
import spock.lang.Specification

class NameCharactersSpec extends Specification {

    static final Map<String, String> CONTROLS = [
            'a line feed': '\n', 'a carriage return': '\r', 'a tab': '\t', 'BEL': '\u0007', 'ESC': '\u001b',
            'DEL': '\u007f', 'the C1 control NEL': '\u0085', 'the C1 control CSI': '\u009b']

    def "#store #verdict a name with #what"() {
        given:
        def constraints = KnownConstraints.named(store)
        def name = "app${character}key"
        def codePoint = String.format('U+%04X', character.codePointAt(0))

        when:
        def problems = constraints.violations(SecretRecord.ofText(store == 'k8s' ? name.toLowerCase() : name, 'v'), 1)

        then:
        problems.isEmpty() == kept
        kept || problems.size() == 1 && problems[0].contains(codePoint) && problems[0].contains(constraints.store())
        problems.every { p -> p.chars().noneMatch { it < 0x20 || (it >= 0x7f && it <= 0x9f) } }

        where:
        [store, what, kept] << [['local', 'aws', 'azure', 'vault', 'k8s'], CONTROLS.keySet()].combinations()
                .collect { s, w -> [s, w, s == 'local'] }
        character = CONTROLS[what]
        verdict = kept ? 'keeps' : 'refuses, naming the character,'
    }

    def "every store refuses NUL and an unpaired surrogate, which no name keeps exactly: #store"() {
        given:
        def constraints = KnownConstraints.named(store)

        expect:
        constraints.nameViolations('a\u0000b').any { it.contains('U+0000 NULL') }
        constraints.nameViolations('a\ud800b').any { it.contains('U+D800') }

        where:
        store << ['local', 'aws', 'azure', 'vault', 'k8s']
    }

    def "a refusal names each refused character once, in the order they appear, and at most five"() {
        given:
        def characters = KnownConstraints.aws().nameCharacters()

        expect:
        characters.refused('a\nb\nc\u001b') == [0x0a, 0x1b]
        characters.refusal('AWS Secrets Manager', 'a\nb\u001b') ==
                'name is not valid for AWS Secrets Manager, which does not keep U+000A LINE FEED (LF), U+001B ESCAPE ' +
                'in names (it takes ASCII letters, digits and /_+=.@-); map the name with a rename transform'
        characters.refusal('AWS Secrets Manager', '!#$%^&*').contains('U+0025 PERCENT SIGN, U+005E CIRCUMFLEX ACCENT and more')
        characters.refusal('AWS Secrets Manager', 'fine/name') == null
    }

    def "Vault keeps a right-to-left override, which is not a control character, and refuses C1 controls"() {
        given:
        def vault = KnownConstraints.vault()

        expect:
        vault.nameViolations('app/\u202ename').isEmpty()
        vault.nameViolations('app/\u0085name').any { it.contains('U+0085') }
    }

    def "a name with a refused character gets one reason for it, not a second one for its shape"() {
        expect:
        KnownConstraints.azure().nameViolations('db\npass').size() == 1
        KnownConstraints.azure().nameViolations('db_pass').size() == 1
        KnownConstraints.azure().nameViolations('db_pass')[0].contains('U+005F LOW LINE')
    }
}
