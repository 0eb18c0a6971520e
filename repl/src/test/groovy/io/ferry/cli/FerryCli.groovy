package io.ferry.cli

import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.ObjectMapper
import groovy.transform.Canonical
import io.ferry.cli.host.Host
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.nio.file.Path

/**
 * Runs {@code ferry} commands in-process in one working directory, with its own journal key and no
 * real terminal, capturing standard output and error.
 */
class FerryCli {

    final Path dir
    final Map<String, String> environment
    Host.Terminal terminal = Host.Terminal.none()

    FerryCli(Path dir, Map<String, String> extraEnvironment = [:]) {
        this.dir = dir
        this.environment = [FERRY_JOURNAL_KEY_FILE: dir.resolve('journal.key').toString(), FERRY_ACTOR: 'tester'] + extraEnvironment
    }

    Host host(String stdin = '') {
        new Host(dir, environment, new ByteArrayInputStream(stdin.getBytes('UTF-8')), terminal)
    }

    /** Opens a store the way the commands do, for a test to look into or prepare. */
    SecretProvider open(String uri) {
        ProviderRegistry.load().open(uri, host().providerContext())
    }

    List<String> keys(String uri) {
        open(uri).withCloseable { it.stream('', 100).map { s -> s.key() }.toList() }
    }

    SecretRecord read(String uri, String key) {
        open(uri).withCloseable { it.read(key).orElse(null) }
    }

    void write(String uri, SecretRecord... records) {
        open(uri).withCloseable { store -> records.each { store.write(it, WriteCondition.upsert(), WriteOptions.none()) } }
    }

    void delete(String uri, String key) {
        open(uri).withCloseable { it.delete(key, null) }
    }

    Result run(String... args) {
        runWithInput('', args)
    }

    Result runWithInput(String stdin, String... args) {
        def out = new StringWriter()
        def err = new StringWriter()
        def commandLine = new Main(host(stdin)).commandLine()
        commandLine.out = new PrintWriter(out, true)
        commandLine.err = new PrintWriter(err, true)
        int code = commandLine.execute(args)
        new Result(code, out.toString(), err.toString())
    }

    /** A terminal where someone answers each question with the next of the given answers. */
    static Host.Terminal answering(String... answers) {
        def queue = new ArrayDeque<String>(answers.toList())
        new Host.Terminal() {
            boolean interactive() { true }

            boolean stderrIsTerminal() { false }

            String ask(String prompt) { queue.poll() }

            char[] askSecret(String prompt) { queue.poll()?.toCharArray() }
        }
    }

    @Canonical
    static class Result {
        int exitCode
        String out
        String err

        /** @return the run id the output names in its first line ("run ID") */
        String runId() {
            def m = out =~ /(?m)^run (\S+)/
            assert m.find(): "no run id in:\n$out\n$err"
            m.group(1)
        }

        /** @return standard output parsed as one JSON document, failing if it is anything else */
        Object json() {
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(out, Object)
        }

        String toString() { "exit $exitCode\n--- out\n$out--- err\n$err" }
    }
}
