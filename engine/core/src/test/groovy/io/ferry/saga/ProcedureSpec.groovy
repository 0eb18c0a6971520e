package io.ferry.saga

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.dsl.RunbookCompiler
import io.ferry.dsl.RunbookException
import io.ferry.rollback.RollbackScope
import io.ferry.runbook.Runbook
import io.ferry.state.RunStatus
import io.ferry.state.StepStatus
import io.ferry.support.EngineFixture
import io.ferry.transform.TransformRegistry
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Procedures: steps with undo, run, failed and undone in reverse, batched, resumed, rolled back, listed in a dry run. */
class ProcedureSpec extends Specification {

    static final String CANARY = 'canary-4f1c9a7e-procedure-password'
    /** The canary as the runbooks write it, so that the runbook file itself does not hold it. */
    static final String CANARY_EXPRESSION = "('canary-4f1c9a7e' + '-procedure-password')"

    @TempDir
    Path dir

    EngineFixture engine

    def setup() {
        engine = new EngineFixture(dir)
    }

    def cleanup() {
        engine.close()
    }

    Runbook compile(String body) {
        def file = dir.resolve('V1__procedure.groovy')
        Files.writeString(file, """
            def effects = new File('${dir.resolve('effects.log').toString().replace('\\', '/')}')
            runbook {
                description 'a procedure for the specification'
                $body
            }
        """.stripIndent())
        new RunbookCompiler(TransformRegistry.load()).compile(file)
    }

    List<String> effects() {
        def file = dir.resolve('effects.log')
        Files.exists(file) ? Files.readAllLines(file) : []
    }

    def "the steps run in order and pass variables from one to the next"() {
        given:
        def runbook = compile("""
            step('generate credentials') { ctx -> put 'password', $CANARY_EXPRESSION; effects << 'generate\\n' }
            step('create user') { ctx -> assert get('password') == $CANARY_EXPRESSION; effects << 'create\\n' }
        """)

        when:
        def result = engine.ferry.run(runbook)

        then:
        result.status() == RunStatus.SUCCEEDED
        result.exitCode() == ExitCode.SUCCESS
        effects() == ['generate', 'create']
        engine.ferry.steps(result.runId())*.status() == [StepStatus.COMPLETED, StepStatus.COMPLETED]

        and: 'the variable is journaled, but only encrypted'
        !engine.allBytes().contains(CANARY)
    }

    def "a failing step undoes the completed steps in reverse order, and keeps generated values out of every message"() {
        given:
        def runbook = compile("""
            step('generate credentials') { ctx -> put 'password', $CANARY_EXPRESSION }
            step('create user') { ctx -> effects << 'create\\n' } undo { ctx -> effects << 'drop user\\n' }
            step('store password') { ctx -> effects << 'store\\n' } undo { ctx -> effects << 'delete password\\n' }
            step('validate') { ctx -> throw new IllegalStateException("login refused for password \${get('password')}") }
            step('never') { ctx -> effects << 'never\\n' }
        """)

        when:
        def result = engine.ferry.run(runbook)

        then:
        result.status() == RunStatus.STOPPED
        result.exitCode() == ExitCode.STOPPED
        effects() == ['create', 'store', 'delete password', 'drop user']
        result.error() =~ /step 'validate' failed: IllegalStateException at \w+\.groovy:\d+ \(message withheld: it may hold a value\)/
        result.error().contains('3 completed step(s) of batch 0 undone')
        !result.error().contains(CANARY)
        engine.ferry.steps(result.runId()).collectEntries { [it.step(), it.status()] } == [
                'generate credentials': StepStatus.UNDONE, 'create user': StepStatus.UNDONE,
                'store password': StepStatus.UNDONE, validate: StepStatus.FAILED]

        and:
        !engine.allBytes().contains(CANARY)
    }

    def "forEach runs each item's steps; with a batch size a failure undoes only its own batch, and resume finishes the rest"() {
        given: 'item c fails the first time only'
        def flag = dir.resolve('fail-c')
        Files.writeString(flag, 'x')
        def runbook = compile("""
            forEach(['a', 'b', 'c', 'd'], name: 'projects', batchSize: 2) { item ->
                step("create \$item") { ctx ->
                    if (item == 'c' && new File('${flag.toString().replace('\\', '/')}').exists()) throw new RuntimeException('c is broken')
                    effects << "create \$item\\n"
                } undo { ctx -> effects << "undo \$item\\n" }
                step("tag \$item") { ctx -> effects << "tag \$item\\n" }
            }
        """)

        when:
        def result = engine.ferry.run(runbook)

        then: 'batch 1 (a, b) stays done; nothing of batch 2 is left'
        result.status() == RunStatus.STOPPED
        effects() == ['create a', 'tag a', 'create b', 'tag b']
        result.error() =~ /step 'create c' of c failed: RuntimeException at \w+\.groovy:\d+ \(message withheld: it may hold a value\)/

        when: 'the cause is fixed and the run resumed'
        Files.delete(flag)
        def resumed = engine.ferry.resume(result.runId(), runbook)

        then: 'batch 2 runs, batch 1 does not run again'
        resumed.status() == RunStatus.SUCCEEDED
        effects() == ['create a', 'tag a', 'create b', 'tag b', 'create c', 'tag c', 'create d', 'tag d']
        engine.ferry.steps(result.runId()).every { it.status() == StepStatus.COMPLETED }
    }

    def "a batch failure after other batches undoes the failing batch in reverse order"() {
        given:
        def runbook = compile("""
            forEach(['a', 'b', 'c'], batchSize: 2) { item ->
                step("create \$item") { ctx -> effects << "create \$item\\n" } undo { ctx -> effects << "undo create \$item\\n" }
                step("check \$item") { ctx -> if (item == 'b') throw new RuntimeException('b fails') }
            }
        """)

        when:
        def result = engine.ferry.run(runbook)

        then:
        result.status() == RunStatus.STOPPED
        effects() == ['create a', 'create b', 'undo create b', 'undo create a']
    }

    def "rollback undoes every completed step, newest first, and rolling back twice changes nothing"() {
        given:
        def runbook = compile("""
            step('one') { ctx -> put 'token', $CANARY_EXPRESSION } undo { ctx -> effects << "undo one \${get('token') == $CANARY_EXPRESSION}\\n" }
            forEach({ -> [[id: 'p1'], [id: 'p2']] }) { project ->
                step('create') { ctx -> effects << "create \${project.id}\\n" } undo { ctx -> effects << "undo \${item.id}\\n" }
            }
        """)
        def result = engine.ferry.run(runbook)

        when:
        def undone = engine.ferry.rollback(result.runId(), runbook)
        def again = engine.ferry.rollback(result.runId(), runbook)

        then:
        result.status() == RunStatus.SUCCEEDED
        undone.status() == RunStatus.ROLLED_BACK
        undone.rollback().restored() == 3
        effects() == ['create p1', 'create p2', 'undo p2', 'undo p1', 'undo one true']
        again.status() == RunStatus.ROLLED_BACK
        effects().size() == 5
    }

    def "a step reads, writes and deletes through store() in the runbook's own words"() {
        given:
        def runbook = compile("""
            step('store') { ctx ->
                def secrets = store('local:steps.db')
                secrets.put('app/token', $CANARY_EXPRESSION, tags: [owner: 'payments'])
                effects << "first \${secrets.put('app/token', 'other', ifAbsent: true)}\\n"
                effects << "exists \${secrets.exists('app/token')} \${secrets.get('app/missing') == null}\\n"
            } undo { ctx ->
                effects << "deleted \${store('local:steps.db').delete('app/token')} \${store('local:steps.db').delete('app/token')}\\n"
            }
        """)

        when:
        def result = engine.ferry.run(runbook)
        def stored = engine.open('local:steps.db').read('app/token').get()

        then: 'a create-only put leaves the record alone'
        result.status() == RunStatus.SUCCEEDED
        stored.value().text() == CANARY
        stored.tags() == [owner: 'payments']
        effects() == ['first false', 'exists true true']

        when: 'the undo deletes it, and deleting again is harmless'
        engine.ferry.rollback(result.runId(), runbook)

        then:
        effects().last() == 'deleted true false'
        engine.open('local:steps.db').read('app/token').isEmpty()
    }

    def "store().put names the options it takes when given another"() {
        given:
        def runbook = compile("""
            step('store') { ctx -> store('memory:steps').put('k', 'v', owner: 'x') }
        """)

        when:
        def result = engine.ferry.run(runbook)

        then:
        result.status() != RunStatus.SUCCEEDED
        engine.ferry.steps(result.runId()).first().error().contains('put takes the options contentType, ifAbsent, tags')
    }

    def "a rollback of some items undoes only their steps; the rest, with the procedure's own steps, later"() {
        given:
        def runbook = compile("""
            step('one') { ctx -> } undo { ctx -> effects << "undo one\\n" }
            forEach({ -> [[id: 'p1'], [id: 'p2'], [id: 'q1']] }) { project ->
                step('create') { ctx -> } undo { ctx -> effects << "undo \${item.id}\\n" }
            }
        """)
        def result = engine.ferry.run(runbook)

        when:
        def part = engine.ferry.rollback(result.runId(), RollbackScope.keys(['p*']))

        then:
        part.status() == RunStatus.PARTLY_ROLLED_BACK
        effects() == ['undo p2', 'undo p1']

        when:
        engine.ferry.rollback(result.runId(), RollbackScope.keys(['nothing-*']))

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ISSUES
        effects() == ['undo p2', 'undo p1']

        when:
        def rest = engine.ferry.rollback(result.runId())

        then:
        rest.status() == RunStatus.ROLLED_BACK
        effects() == ['undo p2', 'undo p1', 'undo q1', 'undo one']
    }

    def "a dry run lists the steps for each item and runs none"() {
        given:
        def runbook = compile("""
            step('open') { ctx -> effects << 'open\\n' }
            forEach({ -> [[name: 'x'], [name: 'y'], [name: 'z']] }, batchSize: 2) { p ->
                step("create \${p.name}") { ctx -> effects << 'create\\n' } undo { ctx -> }
            }
        """)

        when:
        def plan = engine.ferry.planSteps(runbook)

        then:
        plan.steps().collect { "${it.batch()} ${it.itemKey()} ${it.step()} ${it.undoable()}".toString() } == [
                '0 null open false', '1 x create x true', '1 y create y true', '2 z create z true']
        plan.items() == 3
        effects() == []
    }

    def "items are found once per run and journaled, so a resume works on the same items"() {
        given: 'a finder that gives other items each time it is called'
        def counter = dir.resolve('calls')
        Files.writeString(counter, '0')
        def runbook = compile("""
            forEach({ ->
                def f = new File('${counter.toString().replace('\\', '/')}')
                int n = f.text as int
                f.text = (n + 1) as String
                [[id: "first-call-\$n"]]
            }) { item ->
                step('touch') { ctx -> if (!new File('${dir.resolve('ok').toString().replace('\\', '/')}').exists()) throw new RuntimeException('not yet'); effects << item.id + '\\n' }
            }
        """)
        def result = engine.ferry.run(runbook)

        when:
        Files.writeString(dir.resolve('ok'), '')
        def resumed = engine.ferry.resume(result.runId(), runbook)

        then:
        result.status() == RunStatus.STOPPED
        resumed.status() == RunStatus.SUCCEEDED
        effects() == ['first-call-0']
        Files.readString(counter) == '1'
    }

    def "a procedure resumes from its file, and a finished one refuses to resume"() {
        given:
        def runbook = compile("step('one') { ctx -> effects << 'one\\n' }")
        def result = engine.ferry.run(runbook)

        when:
        engine.ferry.resume(result.runId())

        then:
        def e = thrown(FerryException)
        e.message.contains('already finished (SUCCEEDED); nothing to resume')
    }

    def "steps with a source are refused, as are items the journal cannot keep"() {
        when:
        compile("source 'memory:a'; target 'memory:b'\nstep('x') { }")

        then:
        def e = thrown(RunbookException)
        e.message.contains('a runbook is either a copy (source, target) or a procedure (steps)')

        when:
        compile("step('x') { }\nrollback { ctx -> ctx.log 'never' }")

        then:
        def hooks = thrown(RunbookException)
        hooks.message.contains("has steps and stage or rollback hooks, which belong to copies; in a procedure, a step's undo is its rollback")

        when:
        def result = engine.ferry.run(compile("forEach({ -> [new Object()] }, key: { 'k' }) { i -> step('x') { } }"))

        then:
        def stopped = thrown(FerryException)
        stopped.exitCode() == ExitCode.STOPPED
        stopped.message.contains('which the journal cannot keep; give strings, numbers, booleans, lists or maps')
    }

    def "wrong forEach options are reported at their line before anything runs"() {
        when:
        compile("forEach(['a'], batch: 2) { i -> step('x') { } }")

        then:
        def e = thrown(RunbookException)
        e.message.contains("forEach has no option 'batch'; it takes batchSize, key, name")
    }

    def "two steps of one name are refused, as the journal knows steps by name"() {
        when:
        compile("step('same') { }\nstep('same') { }")

        then:
        def e = thrown(RunbookException)
        e.message.contains("declares step 'same' twice; give each step its own name")
    }
}
