package io.ferry.architecture

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices

import com.tngtech.archunit.base.DescribedPredicate
import com.tngtech.archunit.core.domain.JavaClass
import com.tngtech.archunit.core.domain.JavaCodeUnit
import com.tngtech.archunit.core.domain.JavaField
import com.tngtech.archunit.core.domain.JavaMember
import com.tngtech.archunit.core.domain.JavaModifier
import com.tngtech.archunit.core.domain.JavaType
import com.tngtech.archunit.lang.ArchCondition
import com.tngtech.archunit.lang.ArchRule
import com.tngtech.archunit.lang.ConditionEvents
import com.tngtech.archunit.lang.SimpleConditionEvent

/**
 * The rules the code's structure keeps, each built for a root package and the packages it names, so
 * that the same rule that checks Ferry can be shown to fail on a fixture that breaks it.
 */
final class Architecture {

    /** The packages of the public API; every other package under {@code io.ferry} is internal. */
    static final List<String> PUBLIC_API = ['io.ferry.api..', 'io.ferry.spi..', 'io.ferry.runbook..',
                                            'io.ferry.secret..', 'io.ferry.transform..', 'io.ferry.strategy..']

    /** The adapter modules, which may use the public API and their own package only. */
    static final List<String> ADAPTERS = ['io.ferry.provider.aws..', 'io.ferry.provider.azure..',
                                          'io.ferry.provider.vault..', 'io.ferry.provider.kubernetes..']

    private Architecture() {
    }

    /**
     * @param root the root package, e.g. {@code io.ferry}
     * @return no package under root depends, through any chain, on itself
     */
    static ArchRule noPackageCycles(String root) {
        slices().matching(root + '.(**)').namingSlices('package $1').should().beFreeOfCycles()
                .because('a package is a concept that can be read, changed and tested on top of the packages it uses')
    }

    /**
     * @param root the root package
     * @param publicPackages the public API's packages
     * @return a public or protected member of a public type of the public API names only public types
     */
    static ArchRule publicSignaturesUsePublicTypes(String root, List<String> publicPackages) {
        DescribedPredicate<JavaClass> internal = outside(root, publicPackages, 'an internal type')
        members().that().areDeclaredInClassesThat(visibleIn(publicPackages)).and(visibleOutside())
                .should(nameNoType(internal))
                .because('an embedder compiles against the public API alone, which keeps its promises between releases')
    }

    /**
     * @param root the root package
     * @param adapters the adapters' packages
     * @param allowed the packages an adapter may use besides its own
     * @return each adapter uses only the allowed packages and its own
     */
    static List<ArchRule> adaptersUseOnly(String root, List<String> adapters, List<String> allowed) {
        adapters.collect { String adapter ->
            noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat(outside(root, allowed + adapter, 'types of ' + root + ' outside the public API'))
                    .because('an adapter is written against the SPI, so that the engine can change beneath it')
        }
    }

    private static DescribedPredicate<JavaClass> outside(String root, List<String> packages, String description) {
        DescribedPredicate<JavaClass> underRoot = resideInAPackage(root + '..')
        DescribedPredicate<JavaClass> inPackages = resideInAnyPackage(packages as String[])
        new DescribedPredicate<JavaClass>(description) {
            @Override
            boolean test(JavaClass type) {
                underRoot.test(type) && !inPackages.test(type)
            }
        }
    }

    private static DescribedPredicate<JavaClass> visibleIn(List<String> packages) {
        DescribedPredicate<JavaClass> inPackages = resideInAnyPackage(packages as String[])
        new DescribedPredicate<JavaClass>('public types of ' + packages) {
            @Override
            boolean test(JavaClass type) {
                inPackages.test(type) && visible(type)
            }
        }
    }

    private static boolean visible(JavaClass type) {
        for (JavaClass c = type; c != null; c = c.enclosingClass.orElse(null)) {
            if (!c.modifiers.contains(JavaModifier.PUBLIC) && !c.modifiers.contains(JavaModifier.PROTECTED)) {
                return false
            }
        }
        true
    }

    private static DescribedPredicate<JavaMember> visibleOutside() {
        new DescribedPredicate<JavaMember>('are public or protected') {
            @Override
            boolean test(JavaMember member) {
                Set<JavaModifier> m = member.modifiers
                (m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED))
                        && !m.contains(JavaModifier.SYNTHETIC) && !m.contains(JavaModifier.BRIDGE)
            }
        }
    }

    private static ArchCondition<JavaMember> nameNoType(DescribedPredicate<JavaClass> internal) {
        new ArchCondition<JavaMember>('name no ' + internal.description + ' in their signature') {
            @Override
            void check(JavaMember member, ConditionEvents events) {
                Set<JavaClass> named = new TreeSet<>({ JavaClass a, JavaClass b -> a.name <=> b.name } as Comparator)
                if (member instanceof JavaField) {
                    named.addAll(((JavaField) member).type.allInvolvedRawTypes)
                } else if (member instanceof JavaCodeUnit) {
                    JavaCodeUnit code = (JavaCodeUnit) member
                    named.addAll(code.returnType.allInvolvedRawTypes)
                    code.parameterTypes.each { JavaType t -> named.addAll(t.allInvolvedRawTypes) }
                    named.addAll(code.throwsClause.types)
                }
                named.findAll { internal.test(it) }.each { JavaClass type ->
                    events.add(SimpleConditionEvent.violated(member, member.fullName + ' names ' + type.name))
                }
            }
        }
    }
}
