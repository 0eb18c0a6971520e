package io.ferry.dsl

import io.ferry.runbook.OnExisting

/** A runbook built from a closure, as the REPL's {@code runbook { ... }} does. */
class ClosureRunbookSpec extends RunbookSpecification {

    def "a runbook block given as a closure builds the same runbook as a file"() {
        when:
        def rb = compiler.build('shell', {
            source 'aws:old'
            target 'azure:new'
            transform 'rename', from: ~/^a\//, to: 'b/'
            planning { onExisting 'update' }
        }, null)

        then:
        rb.name() == 'shell'
        rb.origin() == null
        rb.source().toUri() == 'aws:old'
        rb.target().toUri() == 'azure:new'
        rb.transforms()*.name() == ['rename']
        rb.planning().onExisting() == OnExisting.UPDATE
    }

    def "a closure runbook's problems are reported like a file's: #problem"() {
        when:
        compiler.build('shell', body, null)

        then:
        def e = thrown(RunbookException)
        e.problems()*.message().any { it.contains(problem) }

        where:
        body                                                                  || problem
        ({ source 'aws:old'; target 'azure:new'; transform 'no-such-transform' }) || "unknown transform 'no-such-transform'"
        ({ source 'aws:old' })                                                || 'target'
    }

    def "a closure typed in a script, as a shell line is, reports every mistake at once, unknown words included"() {
        given: 'a closure written in a script with misspelt words and an unknown transform'
        Closure body = new GroovyShell().evaluate("""
            def known = 'azure:new'
            return { -> source 'aws:old'; tagret known; transform 'no-such-transform'; println('still running')
                        planning { onExsting 'update' } }""")

        when:
        compiler.build('shell', body, null)

        then: 'every mistake: the closure went on after the unknown word, and one in a block is placed in that block'
        def e = thrown(RunbookException)
        def messages = e.problems()*.message()
        messages.any { it.contains("'tagret'") && it.contains("did you mean 'target'?") }
        messages.any { it.contains("unknown transform 'no-such-transform'") }
        messages.any { it.contains("unknown option 'onExsting' in planning") && it.contains("did you mean 'onExisting'?") }
        messages.size() == 3
    }

    def "a name the script answers is left to it inside a closure runbook"() {
        given: 'a closure calling a method of the script it was typed in'
        Closure body = new GroovyShell().evaluate("""
            String store(String name) { 'memory:' + name }
            return { -> source store('a'); target store('b') }""")

        when:
        def rb = compiler.build('shell', body, null)

        then:
        rb.source().toUri() == 'memory:a'
        rb.target().toUri() == 'memory:b'
    }
}
