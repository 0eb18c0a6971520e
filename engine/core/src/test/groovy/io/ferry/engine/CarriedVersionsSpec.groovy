package io.ferry.engine

import io.ferry.runbook.Discovery
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.support.FlakyProviderFactory
import io.ferry.transform.Transform
import io.ferry.transform.TransformContext
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** {@code discovery { versions 'all' }} carries each secret's history into the target, oldest first. */
class CarriedVersionsSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine
    String src = "src-${UUID.randomUUID()}"
    String dst = "dst-${UUID.randomUUID()}"

    def setup() {
        FlakyProviderFactory.reset()
        engine = new EngineFixture(dir)
        def source = engine.open("memory:$src")
        ['first', 'second', 'third'].each { write(source, 'db/main', it) }
        write(source, 'db/replica', 'only')
    }

    def cleanup() {
        engine.close()
    }

    static void write(def provider, String key, String text) {
        provider.write(SecretRecord.builder(key).text(text).tag('team', 'data').build(), WriteCondition.upsert(), WriteOptions.none())
    }

    Runbook.Builder copy(String target, boolean all) {
        Runbook.builder().name('versions').source("memory:$src").target(target)
                .discovery(Discovery.all().withAllVersions(all))
    }

    List<String> historyOf(String uri, String key) {
        engine.open(uri).history(key)*.value()*.text()
    }

    def "with versions 'all' a created secret gets its earlier versions first, oldest first, each marked as Ferry's"() {
        when:
        def result = engine.ferry.run(copy("memory:$dst", true).build())

        then:
        result.status() == RunStatus.SUCCEEDED
        historyOf("memory:$dst", 'db/main') == ['first', 'second', 'third']
        historyOf("memory:$dst", 'db/replica') == ['only']
        engine.open("memory:$dst").history('db/main').every { it.tags()['ferry-managed-by'] == 'ferry' && it.tags().team == 'data' }
    }

    def "by default only the current value is copied"() {
        when:
        engine.ferry.run(copy("memory:$dst", false).build())

        then:
        historyOf("memory:$dst", 'db/main') == ['third']
    }

    def "earlier versions go through the same transforms as the current one"() {
        given:
        def upper = new Transform() {
            String name() { 'upper' }
            List<SecretRecord> apply(SecretRecord r, TransformContext c) {
                [r.toBuilder().key('app/' + r.key()).text(r.value().text().toUpperCase()).build()]
            }
        }

        when:
        engine.ferry.run(copy("memory:$dst", true).transform(upper).build())

        then:
        historyOf("memory:$dst", 'app/db/main') == ['FIRST', 'SECOND', 'THIRD']
    }

    def "transforms that would split a version or send it to another name make the item invalid, with the reason"() {
        given: 'a transform that names each version after its value'
        def byValue = new Transform() {
            String name() { 'by-value' }
            List<SecretRecord> apply(SecretRecord r, TransformContext c) {
                [r.toBuilder().key(r.key().startsWith('db/main') ? 'db/main-' + r.value().text() : r.key()).build()]
            }
        }

        when:
        def result = engine.ferry.run(copy("memory:$dst", true).transform(byValue).build())

        then:
        result.plan().count(Action.INVALID) == 1
        def item = engine.ferry.items(result.runId(), null, 0, 10).find { it.action() == Action.INVALID }
        item.reason().contains("versions 'all' needs transforms that keep each secret one record under one name")
        engine.open("memory:$dst").read('db/main-third').isEmpty()
    }

    def "a run stopped halfway through a history resumes where it stopped, writing no version twice"() {
        given: 'a target that takes the first write of db/main and refuses the next one once'
        def target = "flaky:$dst?failKeys=db/main&after=1&times=1&kind=DENIED"
        def runbook = copy(target, true).execution(new Execution(1, 0, OnError.STOP, 10, 0)).build()

        when:
        def stopped = engine.ferry.run(runbook)

        then:
        stopped.status() == RunStatus.STOPPED
        historyOf("memory:$dst", 'db/main') == ['first']

        when:
        def resumed = engine.ferry.resume(stopped.runId())

        then:
        resumed.status() == RunStatus.SUCCEEDED
        historyOf("memory:$dst", 'db/main') == ['first', 'second', 'third']
        FlakyProviderFactory.WRITES['db/main'].get() == 3
    }

    def "rollback removes a created secret with all the versions it carried"() {
        given:
        def result = engine.ferry.run(copy("memory:$dst", true).build())

        when:
        engine.ferry.rollback(result.runId())

        then:
        engine.open("memory:$dst").read('db/main').isEmpty()
        engine.open("memory:$dst").history('db/main').isEmpty()
    }

    def "the DSL reads versions 'all' and refuses anything but 'current' or 'all'"() {
        given:
        def file = dir.resolve('versions.groovy')
        def text = """runbook {
            source 'memory:$src'
            target 'memory:$dst'
            discovery { versions 'all' }
        }"""
        Files.writeString(file, text)

        expect:
        engine.ferry.load(file).discovery().allVersions()

        when:
        Files.writeString(file, text.replace("'all'", "'every'"))
        engine.ferry.load(file)

        then:
        def e = thrown(Exception)
        e.message.contains("versions 'every' is not one of 'current', 'all'")
    }
}
