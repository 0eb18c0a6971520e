package io.ferry.engine

import io.ferry.state.Action
import io.ferry.runbook.Discovery
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Disabled records ({@code enabled=false}): copied disabled where the target has a disabled state,
 * skipped with the reason where it has none or where discovery says {@code disabled 'skip'}.
 */
class DisabledRecordsSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine
    String src = "src-${UUID.randomUUID()}"
    String dst = "dst-${UUID.randomUUID()}"

    def setup() {
        engine = new EngineFixture(dir)
        def source = engine.open("memory:$src")
        source.write(SecretRecord.builder('off').text('dormant').attribute(SecretRecord.ENABLED, 'false').build(),
                WriteCondition.upsert(), WriteOptions.none())
        source.write(SecretRecord.ofText('on', 'awake'), WriteCondition.upsert(), WriteOptions.none())
    }

    def cleanup() {
        engine.close()
    }

    private Runbook.Builder copy(String to) {
        Runbook.builder().name('spec').source("memory:$src").target(to)
    }

    def "a disabled record is copied disabled by default, and a re-run plans it unchanged"() {
        when:
        def first = engine.ferry.run(copy("memory:$dst").build())
        def again = engine.ferry.run(copy("memory:$dst").build())

        then:
        first.status() == RunStatus.SUCCEEDED
        first.plan().count(Action.CREATE) == 2
        engine.open("memory:$dst").read('off').get().isDisabled()
        engine.open("memory:$dst").read('off').get().value().text() == 'dormant'
        again.plan().count(Action.UNCHANGED) == 2
        again.validation().matched() == 2
    }

    def "with disabled 'skip' a disabled record is skipped with that reason and the rest is copied"() {
        when:
        def run = engine.ferry.run(copy("memory:$dst").discovery(Discovery.all().withSkipDisabled(true)).build())
        def off = engine.ferry.items(run.runId(), null, 0, 10).find { it.sourceKey() == 'off' }

        then:
        run.status() == RunStatus.SUCCEEDED
        off.action() == Action.SKIP
        off.reason() == "is disabled in the source, and discovery says disabled 'skip'"
        engine.open("memory:$dst").read('off').isEmpty()
        engine.open("memory:$dst").read('on').get().value().text() == 'awake'
    }

    def "a target without a disabled state skips a disabled record, naming why, rather than make it live"() {
        when:
        def run = engine.ferry.run(copy('file:out.json?plaintext=true').build())
        def off = engine.ferry.items(run.runId(), null, 0, 10).find { it.sourceKey() == 'off' }

        then:
        run.status() == RunStatus.SUCCEEDED
        off.action() == Action.SKIP
        off.reason().startsWith('is disabled, and ')
        off.reason().contains('has no disabled state, so a copy would be live')
        !Files.readString(dir.resolve('out.json')).contains('dormant')
        Files.readString(dir.resolve('out.json')).contains('awake')
    }

    def "the DSL refuses a disabled choice other than 'copy' or 'skip', naming both"() {
        given:
        def file = dir.resolve('disabled.groovy')
        def text = """runbook {
            source 'memory:$src'
            target 'memory:$dst'
            discovery { disabled 'skip' }
        }"""
        Files.writeString(file, text)

        expect:
        engine.ferry.load(file).discovery().skipDisabled()

        when:
        Files.writeString(file, text.replace("'skip'", "'enable'"))
        engine.ferry.load(file)

        then:
        def e = thrown(Exception)
        e.message.contains("disabled 'enable' is not one of 'copy', 'skip'")
    }
}
