package io.ferry.jshell

import io.ferry.dsl.RunbookException
import io.ferry.runbook.OnExisting
import io.ferry.state.RunStatus
import io.ferry.state.StepStatus
import io.ferry.support.EngineFixture
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** JShell runbooks: built with the Java builder, journaled, run and rolled back like Groovy ones; errors at their line. */
class JShellRunbookSpec extends Specification {

    @TempDir
    Path dir

    @Shared
    JShellRunbookCompiler compiler = new JShellRunbookCompiler()

    Path write(String name, String text) {
        def file = dir.resolve(name)
        Files.writeString(file, text)
        file
    }

    def "a .jsh copy runbook builds the runbook model, named after its file, and runs and rolls back like a Groovy one"() {
        given:
        def file = write('V2__copy.jsh', '''\
            // Copy everything under app/ from old.db to new.db
            var runbook = builder()
                    .description("copy app secrets")
                    .source("local:old.db").target("local:new.db")
                    .planning(new Planning(OnExisting.UPDATE, false))
                    .build();
            '''.stripIndent())
        def engine = new EngineFixture(dir)
        EngineFixture.seed(engine.open('local:old.db'), ['app/a': 'one', 'app/b': 'two'])

        when:
        def runbook = engine.ferry.load(file)
        def result = engine.ferry.run(runbook)

        then:
        runbook.name() == 'V2__copy'
        runbook.origin() == file
        runbook.description() == 'copy app secrets'
        runbook.planning().onExisting() == OnExisting.UPDATE
        result.status() == RunStatus.SUCCEEDED
        engine.open('local:new.db').read('app/a').get().value().text() == 'one'
        engine.ferry.run(result.runId()).runbookPath() == file.toAbsolutePath().toString()

        when: 'rolled back by run id, which loads the .jsh again'
        def undone = engine.ferry.rollback(result.runId())

        then:
        undone.status() == RunStatus.ROLLED_BACK
        !engine.open('local:new.db').read('app/a').isPresent()

        cleanup:
        engine?.close()
    }

    def "a .jsh procedure declares steps with undo in plain Java"() {
        given:
        def effects = dir.resolve('effects.log').toString().replace('\\', '/')
        def file = write('V3__procedure.jsh', """\
            void note(String line) throws Exception {
                Files.writeString(Path.of("$effects"), line + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            var runbook = builder()
                    .step("one", ctx -> note("one"), ctx -> note("undo one"))
                    .step("two", ctx -> { throw new IllegalStateException("two fails"); }, null)
                    .build();
            """.stripIndent())
        def engine = new EngineFixture(dir)

        when:
        def result = engine.ferry.run(engine.ferry.load(file))

        then:
        result.status() == RunStatus.STOPPED
        Files.readAllLines(Path.of(effects)) == ['one', 'undo one']
        engine.ferry.steps(result.runId())*.status() == [StepStatus.UNDONE, StepStatus.FAILED]

        cleanup:
        engine?.close()
    }

    def "the value of the last expression is the runbook when no variable is named runbook"() {
        given:
        def file = write('V1__last.jsh', 'builder().source("memory:a").target("memory:b").build()\n')

        expect:
        compiler.compile(file).source().toUri() == 'memory:a'
    }

    def "a snippet that does not compile is reported at its line and column"() {
        given:
        def file = write('V4__broken.jsh', '''\
            String region = "eu";

            var runbook = builder()
                    .source("local:old.db")
                    .targett("local:new.db")
                    .build();
            '''.stripIndent())

        when:
        compiler.compile(file)

        then:
        def e = thrown(RunbookException)
        e.problems().size() == 1
        with(e.problems()[0]) {
            it.file() == file.toString()
            it.line() == 5
            it.message().contains('cannot find symbol')
        }
        e.message.startsWith("${file}:5:")
    }

    def "a snippet that throws is reported at the line that threw"() {
        given:
        def file = write('V5__throws.jsh', '''\
            var runbook = builder()
                    .source("local:old.db")
                    .build();
            '''.stripIndent())

        when:
        compiler.compile(file)

        then:
        def e = thrown(RunbookException)
        e.problems()[0].line() == 3
        e.problems()[0].message() == "threw IllegalArgumentException: runbook 'V5__throws' has no target; add: target 'SCHEME:LOCATION'"
    }

    def "a script that builds no runbook says how to end it"() {
        given:
        def file = write('V6__nothing.jsh', 'int x = 1;\n')

        when:
        compiler.compile(file)

        then:
        def e = thrown(RunbookException)
        e.message.contains("'runbook' is a java.lang.Integer, not a Runbook")
    }

    def "an unfinished snippet is reported at its start"() {
        given:
        def file = write('V7__open.jsh', 'int x = 1;\nvar runbook = builder(\n')

        when:
        compiler.compile(file)

        then:
        def e = thrown(RunbookException)
        e.message == "${file}:2:1: this snippet is not complete: a ';', ')' or '}' is missing before the end of the file".toString()
    }
    def "a .jsh runbook names its maintenance windows with schedule, and a cron expression that cannot be read is reported at its line"() {
        given:
        def good = write('V8__windowed.jsh', '''\
            var runbook = builder()
                    .source("memory:a").target("memory:b")
                    .schedule("0 2 * * 0", "2h")
                    .build();
            '''.stripIndent())
        def bad = write('V9__bad_cron.jsh', '''\
            var runbook = builder()
                    .source("memory:a").target("memory:b")
                    .schedule("0 2 * *", "2h")
                    .build();
            '''.stripIndent())

        expect:
        compiler.compile(good).schedule().describe() == "cron '0 2 * * 0', window 2h"

        when:
        compiler.compile(bad)

        then:
        def e = thrown(RunbookException)
        e.problems().size() == 1
        e.problems()[0].toString().startsWith("${bad}:3:1: threw IllegalArgumentException: cron expression '0 2 * *' cannot be read")
    }
}
