package io.ferry.engine

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.runbook.*
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.state.ItemStatus
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.support.FlakyProviderFactory
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class RunLifecycleSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine

    def setup() {
        FlakyProviderFactory.reset()
        engine = new EngineFixture(dir)
    }

    def cleanup() {
        engine.close()
    }

    private String store(String name) {
        "${name}-${UUID.randomUUID()}"
    }

    private static Runbook.Builder copy(String from, String to) {
        Runbook.builder().name('spec').source(from).target(to)
    }

    def "a run copies every record, validates it and succeeds"() {
        given: 'a source with three secrets and an empty target'
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [a: 'alpha', b: 'bravo', 'dir/c': 'charlie'])

        when:
        def result = engine.ferry.run(copy("memory:$src", "memory:$dst").build())

        then: 'each record is in the target with the engine mark'
        result.status() == RunStatus.SUCCEEDED
        result.exitCode() == ExitCode.SUCCESS
        result.plan().count(Action.CREATE) == 3
        result.count(ItemStatus.DONE) == 3
        def target = engine.open("memory:$dst")
        target.read('dir/c').get().value().text() == 'charlie'
        target.read('a').get().tags()['ferry-managed-by'] == 'ferry'

        and: 'validation read every record back'
        result.validation().compared() == 3
        result.validation().matched() == 3
        result.validation().matchRate() == 1.0d

        and: 'the audit trail has a line per write and no value'
        def audit = Files.readAllLines(result.auditFile())
        audit.count { it.contains('"outcome":"written"') } == 3
        audit.every { !it.contains('alpha') && !it.contains('bravo') && !it.contains('charlie') }
    }

    def "a second run of the same runbook finds everything unchanged and writes nothing"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [a: 'alpha', b: 'bravo'])
        def runbook = copy("memory:$src", "memory:$dst").build()
        engine.ferry.run(runbook)

        when:
        def again = engine.ferry.run(runbook)

        then:
        again.status() == RunStatus.SUCCEEDED
        again.plan().count(Action.UNCHANGED) == 2
        again.count(ItemStatus.DONE) == 0
        engine.open("memory:$dst").history('a').size() == 1
    }

    def "an existing record is #expected when onExisting is '#onExisting' and ownership is #owned/#take"() {
        given: 'the target already holds the key with another value'
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [k: 'new value'])
        def existing = SecretRecord.builder('k').text('old value')
        if (owned) {
            existing.tag('ferry-managed-by', 'ferry')
        }
        engine.open("memory:$dst").write(existing.build(), WriteCondition.upsert(), WriteOptions.none())

        when:
        def result = engine.ferry.run(copy("memory:$src", "memory:$dst")
                .planning(new Planning(OnExisting.of(onExisting), take)).build())

        then:
        result.plan().count(expected) == 1
        engine.open("memory:$dst").read('k').get().value().text() == finalValue
        result.status() == status

        where:
        onExisting | owned | take  || expected        | finalValue  | status
        'skip'     | true  | false || Action.SKIP     | 'old value' | RunStatus.SUCCEEDED
        'fail'     | true  | false || Action.CONFLICT | 'old value' | RunStatus.STOPPED
        'update'   | true  | false || Action.UPDATE   | 'new value' | RunStatus.SUCCEEDED
        'update'   | false | false || Action.CONFLICT | 'old value' | RunStatus.STOPPED
        'update'   | false | true  || Action.UPDATE   | 'new value' | RunStatus.SUCCEEDED
    }

    def "a blocked plan writes nothing and names every offender"() {
        given: 'three records invalid for Azure and two that collide'
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [
                'ok-name': 'v1', 'bad_name': 'v2', 'also/bad': 'v3', ('x' * 200): 'v4',
                'Db-Pass': 'v5', 'db-pass': 'v6'])

        when:
        def result = engine.ferry.run(copy("memory:$src", "memory:$dst?emulate=azure").build())

        then:
        result.status() == RunStatus.STOPPED
        result.exitCode() == ExitCode.PLAN_BLOCKED
        result.plan().count(Action.INVALID) == 3
        result.plan().count(Action.CONFLICT) == 2
        result.count(ItemStatus.DONE) == 0
        engine.open("memory:$dst?emulate=azure").list('', null, 100).items().isEmpty()

        and: 'each offender has its reason'
        def items = engine.ferry.items(result.runId(), null, 0, 100).collectEntries { [it.sourceKey(), it] }
        items['bad_name'].reason().contains('not valid for Azure Key Vault')
        items['x' * 200].reason().contains('at most 127')
        items['Db-Pass'].reason().contains('one secret in the target')
        items['db-pass'].action() == Action.CONFLICT
    }

    def "two records that a transform maps to one name are both conflicts"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), ['a/x': '1', 'b/x': '2', 'c/y': '3'])
        def strip = new io.ferry.transform.Transform() {
            String name() { 'strip-folder' }
            List<SecretRecord> apply(SecretRecord r, io.ferry.transform.TransformContext c) {
                [r.toBuilder().key(r.key().substring(2)).build()]
            }
        }

        when:
        def result = engine.ferry.run(copy("memory:$src", "memory:$dst").transform(strip).build())

        then:
        result.exitCode() == ExitCode.PLAN_BLOCKED
        def items = engine.ferry.items(result.runId(), null, 0, 10)
        items.findAll { it.action() == Action.CONFLICT }*.sourceKey() as Set == ['a/x', 'b/x'] as Set
        items.find { it.sourceKey() == 'a/x' }.reason().contains("2 records map to target name 'x'")
        items.find { it.sourceKey() == 'c/y' }.action() == Action.CREATE
    }

    def "a transform that throws on one record is handled by onError '#onError' and the others continue"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [good1: 'g1', bad: 's3cr3t-in-message', good2: 'g2'])
        def picky = new io.ferry.transform.Transform() {
            String name() { 'picky' }
            List<SecretRecord> apply(SecretRecord r, io.ferry.transform.TransformContext c) {
                if (r.key() == 'bad') throw new IllegalStateException("cannot parse ${r.value().text()}")
                [r]
            }
        }

        when:
        def result = engine.ferry.run(copy("memory:$src", "memory:$dst").transform(picky)
                .execution(new Execution(2, 0, OnError.of(onError), 10, 0)).build())

        then:
        result.status() == status
        def bad = engine.ferry.items(result.runId(), null, 0, 10).find { it.sourceKey() == 'bad' }
        bad.action() == action
        bad.reason().contains('transform picky failed: IllegalStateException (message withheld: it may hold a value)')
        !bad.reason().contains('s3cr3t')
        bad.flagged() == flagged
        engine.open("memory:$dst").read('good1').isPresent() == goodsWritten

        where:
        onError || action         | flagged | status                          | goodsWritten
        'skip'  || Action.SKIP    | false   | RunStatus.SUCCEEDED             | true
        'flag'  || Action.SKIP    | true    | RunStatus.SUCCEEDED_WITH_ISSUES | true
        'stop'  || Action.INVALID | false   | RunStatus.STOPPED               | false
    }

    def "retryable write failures are retried and succeed"() {
        given: 'a target that refuses the first two writes of one key'
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: '2'])

        when:
        def result = engine.ferry.run(copy("memory:$src", "flaky:$dst?failKeys=a&kind=THROTTLED&times=2").build())

        then:
        result.status() == RunStatus.SUCCEEDED
        engine.ferry.items(result.runId(), null, 0, 10).find { it.targetKey() == 'a' }.attempts() == 3
        FlakyProviderFactory.WRITES['a'].get() == 1
    }

    def "a record that keeps failing is #outcome under onError '#onError'"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: '2', c: '3'])

        when:
        def result = engine.ferry.run(copy("memory:$src", "flaky:$dst?failKeys=a&kind=DENIED")
                .execution(new Execution(1, 2, OnError.of(onError), 1, 0)).build())

        then:
        result.status() == status
        result.exitCode() == exit
        result.count(ItemStatus.FAILED) == 1
        result.count(ItemStatus.DONE) == done
        result.flagged() == flagged

        where:
        onError | outcome           || status                          | exit             | done | flagged
        'skip'  | 'skipped'         || RunStatus.SUCCEEDED_WITH_ISSUES | ExitCode.ISSUES  | 2    | 0
        'flag'  | 'flagged'         || RunStatus.SUCCEEDED_WITH_ISSUES | ExitCode.ISSUES  | 2    | 1
        'stop'  | 'the run stopped' || RunStatus.STOPPED               | ExitCode.STOPPED | 0    | 0
    }

    def "a stopped run resumes after the cause is fixed and writes each record once"() {
        given: 'a run stopped by a failing write'
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: '2', c: '3'])
        def stopped = engine.ferry.run(copy("memory:$src", "flaky:$dst?failKeys=b&kind=UNAVAILABLE&times=1")
                .execution(new Execution(1, 0, OnError.STOP, 1, 0)).build())
        assert stopped.status() == RunStatus.STOPPED

        when:
        def resumed = engine.ferry.resume(stopped.runId())

        then:
        resumed.status() == RunStatus.SUCCEEDED
        resumed.count(ItemStatus.DONE) == 3
        ['a', 'b', 'c'].every { FlakyProviderFactory.WRITES[it].get() == 1 }
    }

    def "resuming a finished run is a clear error"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [a: '1'])
        def done = engine.ferry.run(copy("memory:$src", "memory:$dst").build())

        when:
        engine.ferry.resume(done.runId())

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message == "run ${done.runId()} already finished (SUCCEEDED); nothing to resume; to undo it: ferry rollback ${done.runId()}"
    }

    def "rollback deletes what the run created, restores what it overwrote, and is harmless twice"() {
        given: 'a target with one owned record that the run will update'
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [created: 'new', updated: 'v2'])
        def target = engine.open("memory:$dst")
        target.write(SecretRecord.builder('updated').text('v1').tag('ferry-managed-by', 'ferry').tag('team', 'a').build(),
                WriteCondition.upsert(), WriteOptions.none())
        def hookCalls = []
        def runbook = copy("memory:$src", "memory:$dst")
                .planning(new Planning(OnExisting.UPDATE, false))
                .rollback({ ctx -> hookCalls << ctx.runId } as Hook).build()
        def run = engine.ferry.run(runbook)
        assert target.read('updated').get().value().text() == 'v2'

        when:
        def first = engine.ferry.rollback(run.runId(), runbook)

        then:
        first.status() == RunStatus.ROLLED_BACK
        first.rollback().restored() == 2
        !target.read('created').isPresent()
        target.read('updated').get().value().text() == 'v1'
        target.read('updated').get().tags()['team'] == 'a'
        hookCalls == [run.runId()]

        when:
        def second = engine.ferry.rollback(run.runId(), runbook)

        then:
        second.status() == RunStatus.ROLLED_BACK
        second.exitCode() == ExitCode.SUCCESS
        second.rollback().restored() == 0
        hookCalls.size() == 1
        !target.read('created').isPresent()
    }

    def "a rollback killed before its restore landed writes with the same token when resumed, so a repeated restore makes no second version"() {
        given: 'a run that overwrote an owned record, and a target that dies on the first restore'
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [updated: 'v2'])
        def target = engine.open("memory:$dst")
        target.write(SecretRecord.builder('updated').text('v1').tag('ferry-managed-by', 'ferry').build(),
                WriteCondition.upsert(), WriteOptions.none())
        def flaky = "flaky:$dst?failKeys=updated&after=1&times=1&crash=true"
        def runbook = copy("memory:$src", flaky).planning(new Planning(OnExisting.UPDATE, false)).build()
        def run = engine.ferry.run(runbook)
        def runToken = FlakyProviderFactory.TOKENS['updated'][0]

        when: 'the rollback dies on the store'
        engine.ferry.rollback(run.runId(), runbook)

        then:
        thrown(IllegalStateException)
        target.read('updated').get().value().text() == 'v2'

        when: 'it is resumed'
        def resumed = engine.ferry.rollback(run.runId(), runbook)
        def tokens = FlakyProviderFactory.TOKENS['updated']

        then: 'both attempts at the restore carried one token, other than the run token'
        resumed.rollback().restored() == 1
        target.read('updated').get().value().text() == 'v1'
        tokens.size() == 3
        tokens[1] != null && tokens[1] != runToken
        tokens[2] == tokens[1]

        when: 'the restore is made again with its token, as a rollback killed after it landed would'
        def versions = target.history('updated').size()
        def again = target.write(SecretRecord.builder('updated').text('v1').tag('ferry-managed-by', 'ferry').build(),
                WriteCondition.upsert(), new WriteOptions(tokens[2]))

        then: 'the store recognises it and keeps one version'
        again.version() == target.read('updated').get().version()
        target.history('updated').size() == versions
    }

    def "rollback leaves alone a record someone changed after the run"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [k: 'ours'])
        def run = engine.ferry.run(copy("memory:$src", "memory:$dst").build())
        EngineFixture.seed(engine.open("memory:$dst"), [k: 'theirs'])

        when:
        def result = engine.ferry.rollback(run.runId())

        then:
        result.rollback().refused() == 1
        result.exitCode() == ExitCode.ISSUES
        engine.open("memory:$dst").read('k').get().value().text() == 'theirs'
    }

    def "validation below the bar rolls the run back when onFailure is 'rollback'"() {
        given: 'a target that silently stores another value for one key'
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [a: '1', b: '2', c: '3', d: '4'])
        def tamper = { ctx -> EngineFixture.seed(engine.open("memory:$dst"), [b: 'tampered']) } as Hook

        when:
        def result = engine.ferry.run(copy("memory:$src", "memory:$dst")
                .after(Stage.EXECUTION, tamper)
                .validation(new Validation(Validation.Compare.FULL, 1.0, 1.0, OnFailure.of(onFailure))).build())

        then:
        result.validation().mismatched() == 1
        result.validation().matchRate() == 0.75d
        result.status() == status
        result.exitCode() == ExitCode.VALIDATION_FAILED
        engine.open("memory:$dst").read('a').isPresent() == aRemains

        where:
        onFailure  || status                      | aRemains
        'stop'     || RunStatus.VALIDATION_FAILED | true
        'rollback' || RunStatus.ROLLED_BACK       | false
    }

    def "a failing before hook stops the run before anything is written"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [a: '1'])

        when:
        def result = engine.ferry.run(copy("memory:$src", "memory:$dst")
                .before(Stage.EXECUTION, { ctx -> throw new IllegalStateException('change window closed') } as Hook).build())

        then:
        result.status() == RunStatus.STOPPED
        result.error().contains('before execution hook failed: IllegalStateException (message withheld: it may hold a value)')
        !engine.open("memory:$dst").read('a').isPresent()
    }

    def "a hook checks both stores, and the target's write probe leaves nothing behind"() {
        given:
        def src = store('src')
        EngineFixture.seed(engine.open("memory:$src"), [a: '1'])
        def reports = [:]

        when:
        def result = engine.ferry.run(copy("memory:$src", 'local:probed.db')
                .before(Stage.DISCOVERY, { ctx ->
                    reports.source = ctx.checkSource()
                    reports.target = ctx.checkTarget(true)
                } as Hook).build())

        then: 'the source was not probed for writes; the target was, and took one'
        result.status() == RunStatus.SUCCEEDED
        reports.source.healthy() && reports.source.canWrite() == null
        reports.target.healthy() && reports.target.canWrite()
        engine.open('local:probed.db').list('', null, 100).items()*.key() == ['a']
    }

    def "a run started from code with closures cannot be resumed without its runbook"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), [a: '1'])
        def run = engine.ferry.plan(copy("memory:$src", "memory:$dst").rollback({ ctx -> } as Hook).build())

        when:
        engine.ferry.resume(run.runId())

        then:
        def e = thrown(FerryException)
        e.message.contains('continue it from code with Ferry.resume(runId, runbook)')
    }

    def "a saved plan is applied later"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), (1..50).collectEntries { ["k$it", "v$it"] })
        def plan = engine.ferry.plan(copy("memory:$src", "memory:$dst").build())

        expect:
        plan.status() == RunStatus.PLANNED
        engine.open("memory:$dst").list('', null, 10).items().isEmpty()

        when:
        def applied = engine.ferry.apply(plan.runId())

        then:
        applied.status() == RunStatus.SUCCEEDED
        applied.count(ItemStatus.DONE) == 50
    }

    def "a cancelled run is interrupted between batches and resumes to completion"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open("memory:$src"), (1..40).collectEntries { ["k$it", "v$it"] })
        def cancelling = new io.ferry.transform.Transform() {
            String name() { 'cancel-at-20' }
            List<SecretRecord> apply(SecretRecord r, io.ferry.transform.TransformContext c) {
                if (r.key() == 'k20') engine.cancellation.cancel()
                [r]
            }
        }

        when:
        def batches = new Discovery([], [], [], [], 5, 5)
        def interrupted = engine.ferry.run(copy("memory:$src", "memory:$dst").transform(cancelling).discovery(batches).build())

        then:
        interrupted.status() == RunStatus.INTERRUPTED
        interrupted.exitCode() == ExitCode.INTERRUPTED
        engine.open("memory:$dst").list('', null, 100).items().isEmpty()

        when: 'the runbook no longer cancels'
        def fresh = new EngineFixture(dir)
        def resumed = fresh.ferry.resume(interrupted.runId(), copy("memory:$src", "memory:$dst").discovery(batches).build())

        then:
        resumed.status() == RunStatus.SUCCEEDED
        resumed.count(ItemStatus.DONE) == 40

        cleanup:
        fresh?.close()
    }

    def "a run from a local source that does not exist stops naming the path, creates nothing, and resumes once it is there"() {
        when:
        engine.ferry.run(copy('local:typo.db', 'local:target.db').build())

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message == "there is no local store at ${dir.resolve('typo.db')}; check the path (a store is created when it is first written to)"
        !Files.exists(dir.resolve('typo.db'))

        and: 'the run is journaled as stopped, with the reason and what to do'
        def run = engine.ferry.runs()[0]
        run.status() == RunStatus.STOPPED
        run.error().startsWith('there is no local store at')
        run.error().endsWith("fix the cause, then: ferry resume ${run.id()}")

        when: 'the source appears'
        EngineFixture.seed(engine.open('local:typo.db'), [k: 'v'])
        def resumed = engine.ferry.resume(run.id())

        then:
        resumed.status() == RunStatus.SUCCEEDED
        engine.open('local:target.db').read('k').get().value().text() == 'v'
    }

    def "rolling back never brings a missing target into being"() {
        given: 'a run into a local target, whose file is then moved away'
        def src = store('src')
        EngineFixture.seed(engine.open("memory:$src"), [a: '1'])
        def run = engine.ferry.run(copy("memory:$src", 'local:moved.db').build())
        engine.close()
        Files.move(dir.resolve('moved.db'), dir.resolve('elsewhere.db'))
        engine = new EngineFixture(dir)

        when:
        engine.ferry.rollback(run.runId())

        then:
        def e = thrown(FerryException)
        e.message.startsWith('there is no local store at')
        !Files.exists(dir.resolve('moved.db'))
    }

    def "a slow page reports progress while it is being written, not only when it ends"() {
        given: 'a listener that records execution progress, and one page of 12 writes capped at 12 a second'
        def seen = Collections.synchronizedList([])
        def listener = new io.ferry.run.ProgressListener() {
            void progress(String stage, long done, long total) {
                if (stage == 'execution') seen << done
            }
        }
        def recording = new EngineFixture(dir.resolve('progress'), listener)
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(recording.open("memory:$src"), (1..12).collectEntries { ["k$it", "v$it"] })

        when:
        def result = recording.ferry.run(copy("memory:$src", "memory:$dst")
                .execution(new Execution(2, 0, OnError.STOP, 256, 12)).build())

        then:
        result.status() == RunStatus.SUCCEEDED
        seen.any { it > 0 && it < 12 }
        seen.last() == 12

        cleanup:
        recording?.close()
    }
}
