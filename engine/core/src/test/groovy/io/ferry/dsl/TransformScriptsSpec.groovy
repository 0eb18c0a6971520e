package io.ferry.dsl

import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.state.Action
import io.ferry.support.EngineFixture
import io.ferry.transform.Transform
import io.ferry.transform.TransformRegistry
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.Callable
import java.util.concurrent.Executors

class TransformScriptsSpec extends Specification {

    @TempDir
    Path dir

    RunbookCompiler compiler = new RunbookCompiler(TransformRegistry.load())

    void script(String name, String body) {
        Files.createDirectories(dir.resolve('transforms'))
        Files.writeString(dir.resolve("transforms/${name}.groovy"), body)
    }

    Runbook runbook(String transformLine, String source = 'aws:old', String target = 'azure:new') {
        Path file = dir.resolve('V1__scripted.groovy')
        Files.writeString(file, "runbook {\n    source '$source'; target '$target'\n    $transformLine\n}\n")
        compiler.compile(file)
    }

    List<SecretRecord> apply(Transform transform, SecretRecord record, RecordingTransformContext context = new RecordingTransformContext(record.key())) {
        transform.apply(record, context)
    }

    def "a runbook finds transforms/NAME.groovy next to it and passes it its arguments as params"() {
        given:
        script('mask-host', '''// appends a suffix to host names
rec.key = rec.key + params.suffix
rec.tags.masked = 'yes'
null''')

        when:
        def transform = runbook("transform 'mask-host', suffix: '.internal'").transforms()[0]
        def out = apply(transform, SecretRecord.ofText('db/host', 'db1'))

        then:
        transform.name() == 'mask-host'
        out*.key() == ['db/host.internal']
        out[0].tags().masked == 'yes'
        out[0].value().text() == 'db1'
    }

    def "a script passes on #what"() {
        given:
        script('shape', body)
        def context = new RecordingTransformContext('k')

        when:
        def out = apply(runbook("transform 'shape'").transforms()[0], SecretRecord.ofText('k', 'v'), context)

        then:
        out*.key() == keys
        context.flags == flags
        context.skips == skips

        where:
        what                               | body                                                                 || keys          | flags         | skips
        'the edited draft when it returns null' | "rec.key = 'edited'; null"                                      || ['edited']    | []            | []
        'a record it returns'              | "SecretRecord.ofText('other', 'x')"                                  || ['other']     | []            | []
        'a list of drafts, as a fan-out'   | "def b = new RecordDraft(rec.toRecord()); b.key = 'b'; [rec, b]"    || ['k', 'b']    | []            | []
        'the draft, flagged'               | "flag 'looks odd'"                                                   || ['k']         | ['looks odd'] | []
        'nothing after skip'               | "skip 'not wanted'; rec"                                             || []            | []            | ['not wanted']
    }

    def "a script that does not compile is reported at its own file, line and column"() {
        given:
        script('mask-host', "rec.key = 'a'\nrec.tags.x = (\n")

        when:
        runbook("transform 'mask-host'")

        then:
        def e = thrown(RunbookException)
        e.problems()*.toString().any { it ==~ /transforms\/mask-host\.groovy:3:\d+: .+/ }
        e.problems().every { !it.toString().contains('\n') }
    }

    def "an unknown name lists the built-ins and the scripts"() {
        given:
        script('mask-host', 'null')

        when:
        runbook("transform 'mask-hots'")

        then:
        def e = thrown(RunbookException)
        e.problems()*.line() == [3]
        e.problems()*.message() == ["unknown transform 'mask-hots' (did you mean 'mask-host'?); "
                + "built-in transforms: collapse, explode, rename; scripts in ${dir.resolve('transforms')}: mask-host; "
                + "or write transforms/mask-hots.groovy".toString()]
    }

    def "a name cannot reach outside the transforms directory"() {
        given:
        Files.writeString(dir.resolve('evil.groovy'), "rec.key = 'pwned'")

        when:
        TransformCatalog.of(TransformRegistry.load(), dir).create('../evil', [:])

        then:
        def e = thrown(IllegalArgumentException)
        e.message.startsWith("unknown transform '../evil'")
    }

    def "a script is compiled once and runs on many threads at once without mixing records"() {
        given:
        script('tag-self', "rec.tags.self = rec.key; Thread.yield(); rec.key = rec.key.toUpperCase(); null")
        def transform = TransformCatalog.of(TransformRegistry.load(), dir).create('tag-self', [:])
        def pool = Executors.newFixedThreadPool(8)

        when:
        def futures = (1..400).collect { n ->
            pool.submit({ apply(transform, SecretRecord.ofText("k$n", 'v'))[0] } as Callable<SecretRecord>)
        }
        def out = futures*.get()

        then:
        out.every { it.key() == it.tags().self.toUpperCase() }
        out*.key() as Set == (1..400).collect { "K$it".toString() } as Set

        cleanup:
        pool.shutdown()
    }

    def "a script that throws fails its record under the error policy, by name and without the value"() {
        given:
        script('boom', "if (rec.value.text().startsWith('bad')) throw new IllegalStateException('bad value ' + rec.value.text()); null")
        def src = "memory:src-${UUID.randomUUID()}"
        def dst = "memory:dst-${UUID.randomUUID()}"
        def engine = new EngineFixture(dir)
        EngineFixture.seed(engine.open(src), [good: 'fine-value', worse: 'bad-canary-value'])

        when:
        def result = engine.ferry.run(runbook("transform 'boom'\n    execution { onError 'flag' }", src, dst))

        then:
        def failed = engine.ferry.items(result.runId(), null, 0, 10).find { it.sourceKey() == 'worse' }
        failed.action() == Action.SKIP
        failed.reason().startsWith('transform boom failed: IllegalStateException')
        !failed.reason().contains('canary')
        engine.open(dst).read('good').isPresent()

        cleanup:
        engine?.close()
    }
}
