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
}
