package io.ferry.architecture

import com.tngtech.archunit.core.domain.JavaClasses
import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.ImportOption
import com.tngtech.archunit.lang.ArchRule
import com.tngtech.archunit.library.freeze.FreezingArchRule
import spock.lang.Shared
import spock.lang.Specification

/**
 * The structure the build keeps: no package cycles, a public API made of public types, and adapters
 * written against the public API alone. The rules are frozen: the violations in
 * {@code src/test/resources/archunit-violations} are the ones known when the rules came in, and a new
 * one fails the build; each one fixed leaves the store for good when this specification runs.
 */
class ArchitectureSpec extends Specification {

    @Shared
    JavaClasses ferry = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages('io.ferry')

    @Shared
    JavaClasses fixtures = new ClassFileImporter().importPackages('io.ferry.architecture.fixture')

    def "the engine, the adapters, the command line and the shell form no package cycle"() {
        expect: "every package of the main code is above or below every other it meets, beyond the cycles already known"
        FreezingArchRule.freeze(Architecture.noPackageCycles('io.ferry')).check(ferry)
    }

    def "no public signature of the public API names a type outside it, beyond those already known"() {
        expect:
        FreezingArchRule.freeze(Architecture.publicSignaturesUsePublicTypes('io.ferry', Architecture.PUBLIC_API)).check(ferry)
    }

    def "an adapter uses the public API and its own package only, beyond the uses already known"() {
        expect:
        Architecture.adaptersUseOnly('io.ferry', Architecture.ADAPTERS, Architecture.PUBLIC_API).each { ArchRule rule ->
            FreezingArchRule.freeze(rule).check(ferry)
        }
    }

    def "the rules are checked against classes that exist"() {
        expect: "the import found the engine, an adapter and the command line"
        ['io.ferry.api.Ferry', 'io.ferry.provider.aws', 'io.ferry.cli.Main'].every { name ->
            ferry.any { it.name == name || it.packageName == name }
        }
    }

    def "the cycle rule fails on two packages that use each other"() {
        when:
        def result = Architecture.noPackageCycles('io.ferry.architecture.fixture').evaluate(fixtures)

        then:
        result.hasViolation()
        result.failureReport.details.any { it.contains('cycle.a') && it.contains('cycle.b') }
    }

    def "the public-API rule fails on #member and passes what names public types alone"() {
        given: "open is the fixture's public API, hidden its internal package"
        def rule = Architecture.publicSignaturesUsePublicTypes('io.ferry.architecture.fixture',
                ['io.ferry.architecture.fixture.open..'])

        when:
        def details = rule.evaluate(fixtures).failureReport.details

        then:
        details.any { it.contains(member) } == violated

        where:
        member                  || violated
        'Leaky.hidden()'        || true
        'Leaky.take('           || true
        'Leaky.field'           || true
        'Leaky.open()'          || false
        'Leaky.privateHidden()' || false
    }

    def "the adapter rule fails on an adapter that uses an internal package"() {
        when:
        def rules = Architecture.adaptersUseOnly('io.ferry.architecture.fixture', ['io.ferry.architecture.fixture.adapter..'],
                ['io.ferry.architecture.fixture.open..'])

        then:
        rules.size() == 1
        rules[0].evaluate(fixtures).hasViolation()
        rules[0].evaluate(fixtures).failureReport.details.every { it.contains('Hidden') }
    }
}
