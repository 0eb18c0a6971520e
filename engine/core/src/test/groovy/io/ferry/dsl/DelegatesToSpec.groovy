package io.ferry.dsl

import groovy.transform.stc.ClosureParams

import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.lang.reflect.Parameter
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

class DelegatesToSpec extends RunbookSpecification {

    /** Every public method of every public class of the DSL package that takes a closure. */
    static List<Method> closureMethods() {
        Path dir = Paths.get(RunbookCompiler.protectionDomain.codeSource.location.toURI()).resolve('io/ferry/dsl')
        List<Class<?>> classes = Files.list(dir).withCloseable { files ->
            files.map { it.fileName.toString() }
                    .filter { it.endsWith('.class') && !it.contains('$') }
                    .map { Class.forName("io.ferry.dsl.${it - '.class'}") }
                    .filter { Modifier.isPublic(it.modifiers) }
                    .toList()
        }
        classes.collectMany { type ->
            type.declaredMethods.findAll { Modifier.isPublic(it.modifiers) && it.parameterTypes.any { Closure.isAssignableFrom(it) } }
        }
    }

    def "the DSL has closure-taking methods to check"() {
        expect:
        closureMethods()*.name.toSet() == ['runbook', 'discovery', 'planning', 'execution', 'validation', 'monitoring',
                                           'transform', 'before', 'after', 'rollback', 'include', 'exclude', 'build',
                                           'step', 'undo', 'forEach'] as Set
    }

    def "#name declares @DelegatesTo with DELEGATE_FIRST on its closure"() {
        given:
        Parameter closure = method.parameters.find { Closure.isAssignableFrom(it.type) }

        expect:
        closure.getAnnotation(DelegatesTo) != null
        closure.getAnnotation(DelegatesTo).strategy() == Closure.DELEGATE_FIRST
        closure.getAnnotation(DelegatesTo).value() != DelegatesTo.Target

        where:
        method << closureMethods()
        name = "${method.declaringClass.simpleName}.${method.name}(${method.parameterTypes*.simpleName.join(', ')})"
    }

    def "closures that get a parameter declare its type for IDEs"() {
        expect:
        closureMethods()
                .findAll { !(it.name in ['runbook', 'discovery', 'planning', 'execution', 'validation', 'monitoring', 'build']) }
                .every { m -> m.parameters.find { Closure.isAssignableFrom(it.type) }.getAnnotation(ClosureParams) != null }
    }
}
