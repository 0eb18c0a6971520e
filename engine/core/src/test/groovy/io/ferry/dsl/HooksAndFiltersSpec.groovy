package io.ferry.dsl

import io.ferry.runbook.Runbook
import io.ferry.runbook.Stage
import io.ferry.secret.SecretSummary

class HooksAndFiltersSpec extends RunbookSpecification {

    def "a hook in the #stage block runs #when the stage with the context as parameter and delegate"() {
        given:
        Runbook runbook = compileOptions("""
            $stage {
                $when { ctx -> ctx.log "\${ctx.stage.label()} \${ctx.counts.created}"; log "run \$runId" }
            }""")
        RecordingHookContext context = new RecordingHookContext('r-42', Stage.of(stage), [created: 3L])

        when:
        runbook."$when"(Stage.of(stage)).each { it.run(context) }

        then:
        context.logs == ["$stage 3", 'run r-42']*.toString()

        where:
        [stage, when] << [Stage.values()*.label(), ['before', 'after']].combinations()
    }

    def "before 'stage' and after 'stage' in the runbook block add hooks to that stage, in order"() {
        given:
        Runbook runbook = compileOptions('''
            execution { before { ctx -> ctx.log 'first' } }
            before 'execution', { ctx -> ctx.log 'second' }
            after 'planning', { ctx -> ctx.log 'planned' }''')
        RecordingHookContext context = new RecordingHookContext('r-1', Stage.EXECUTION)

        when:
        runbook.before(Stage.EXECUTION)*.run(context)
        runbook.after(Stage.PLANNING)*.run(context)

        then:
        context.logs == ['first', 'second', 'planned']
        runbook.before(Stage.PLANNING).isEmpty()
    }

    def "a rollback hook runs with the context"() {
        given:
        Runbook runbook = compileOptions("rollback { ctx -> ctx.log 'owners notified' }")
        RecordingHookContext context = new RecordingHookContext('r-1', null)

        when:
        runbook.rollbackHooks()*.run(context)

        then:
        context.logs == ['owners notified']
    }

    def "a hook is not run while the runbook compiles"() {
        when:
        Runbook runbook = compileOptions("rollback { throw new IllegalStateException('only when rolled back') }")

        then:
        runbook.rollbackHooks().size() == 1
    }

    def "an exception in a hook reaches the executor"() {
        given:
        Runbook runbook = compileOptions("execution { before { throw new IllegalStateException('not now') } }")

        when:
        runbook.before(Stage.EXECUTION)[0].run(new RecordingHookContext('r-1', Stage.EXECUTION))

        then:
        IllegalStateException e = thrown()
        e.message == 'not now'
    }

    def "discovery filters are predicates over the listed summaries"() {
        given:
        Runbook runbook = compileOptions('''discovery {
            include 'app/**'
            include { it.tags.team == 'payments' }
            exclude { tags.env == 'dev' }
        }''')

        expect:
        runbook.discovery().accepts(summary('app/db', [team: 'payments', env: 'prod']))
        !runbook.discovery().accepts(summary('app/db', [team: 'payments', env: 'dev']))
        !runbook.discovery().accepts(summary('app/db', [team: 'search']))
        !runbook.discovery().accepts(summary('web/db', [team: 'payments']))
    }

    private static SecretSummary summary(String key, Map<String, String> tags) {
        new SecretSummary(key, null, null, tags)
    }

    def "names in hooks and filters mean the delegate's before the script's variables"() {
        given:
        Runbook runbook = compile("""
            runId = 'a script variable'
            key = 'a script variable'
            $OPENING
                rollback { log "rolled back \$runId" }
                discovery { include { key.startsWith('app/') } }
            }""")
        RecordingHookContext context = new RecordingHookContext('r-7', null)

        when:
        runbook.rollbackHooks()*.run(context)

        then:
        context.logs == ['rolled back r-7']
        runbook.discovery().accepts(summary('app/db', [:]))
        !runbook.discovery().accepts(summary('web/db', [:]))
    }
}
