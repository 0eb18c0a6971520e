package io.ferry.cli

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** Launches the shaded jar as a user would, in its own JVM; runs in the integration-test phase, after packaging. */
class FerryJarIT extends Specification {

    static final Path JAR = Path.of(System.getProperty('ferry.jar', 'target/ferry.jar'))
    static final String PASSPHRASE = 'jar-it'
    /** Only a bound against a hang: every wait ends on an event (a line, an exit) long before it. */
    static final long PATIENCE_MINUTES = 5


    @TempDir
    Path dir

    def "java -jar ferry.jar --version prints the version"() {
        expect:
        Files.isRegularFile(JAR)

        when:
        def result = ferry('--version')

        then:
        result.exitCode == 0
        result.out.startsWith('ferry ')
        !result.out.contains('unknown')
    }

    def "the jar finds its providers and reports a usage error with exit code 2"() {
        when:
        def result = ferry('ls', 'nosuch:x')

        then:
        result.exitCode == 2
        result.err.readLines().size() == 1
        result.err.startsWith("ferry: unknown provider scheme 'nosuch'")
    }

    def "ferry emulate vault serves Vault's API until Ctrl-C, and the vault adapter writes and lists through it"() {
        given: 'the emulator, on a free port it names in its first line'
        def emulator = start(new File('/dev/null'), 'emulate', 'vault')
        def lines = new BufferedReader(new InputStreamReader(emulator.inputStream, 'UTF-8'))
        def endpoint = (lines.readLine() =~ /vault emulator listening at (http:\/\/127\.0\.0\.1:\d+)/)[0][1]
        def hints = [lines.readLine(), lines.readLine()]
        def value = dir.resolve('value.txt')
        Files.writeString(value, 'emulated-value')

        when:
        def put = ferryWithEnvironment(value.toFile(), [VAULT_TOKEN: 'root'], 'put', "vault:$endpoint/secret", 'app/key')
        def ls = ferryWithEnvironment(new File('/dev/null'), [VAULT_TOKEN: 'root'], 'ls', "vault:$endpoint/secret")
        def denied = ferryWithEnvironment(new File('/dev/null'), [VAULT_TOKEN: 'wrong'], 'ls', "vault:$endpoint/secret")

        then:
        hints.any { it.contains('VAULT_TOKEN=root') }
        put.exitCode == 0
        ls.out =~ /(?m)^app\/key +1 /
        denied.exitCode == 6
        denied.err.contains('denied access')

        when: 'Ctrl-C'
        assert new ProcessBuilder('kill', '-INT', String.valueOf(emulator.pid())).start().waitFor() == 0

        then:
        emulator.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES)
        emulator.exitValue() == 130
    }

    def "Ctrl-C stops a copy at the next batch with exit code 130, and resume finishes it"() {
        given: 'a copy of 1000 secrets capped at 200 writes a second, so that it is still writing when Ctrl-C comes'
        seedSource(1000)

        when:
        def copy = ferryInterrupted(1, 'copy', 'local:source.db', 'local:target.db', '--yes', '--rate', '200')

        then:
        copy.exitCode == 130
        copy.err =~ /(?m)^execution: \d+\/1000 \(\d+%\), \d+ rec\/s, \d+ overall, ETA ([\d:]+|--)$/
        copy.err.contains('ferry: stopping after the current batch')
        def runId = (copy.err =~ /ferry: interrupted; resume with: ferry resume (\S+)/)[0][1]
        copy.out.contains('status:     INTERRUPTED')

        when:
        def resume = ferry('resume', runId)

        then:
        resume.exitCode == 0
        resume.out.contains('status:     SUCCEEDED')
        resume.out.contains('validation: passed: 1000 of 1000 matched')
    }

    def "a second Ctrl-C quits at once, and the journal still lets the run be resumed"() {
        given: 'batches of 256 writes that take 2.5 s each, so that both presses land within one batch'
        seedSource(600)

        when:
        def copy = ferryInterrupted(2, 'copy', 'local:source.db', 'local:target.db', '--yes', '--rate', '100')

        then:
        copy.exitCode == 130
        copy.err.contains('ferry: quitting now')
        !copy.out.contains('status:')
        def runId = ferry('runs', '-o', 'json').json()[0].id

        when:
        def resume = ferry('resume', runId)

        then:
        resume.exitCode == 0
        resume.out.contains('validation: passed: 600 of 600 matched')
    }

    private void seedSource(int count) {
        def context = new ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: PASSPHRASE], ProviderContext.PassphraseSource.none())
        ProviderRegistry.load().open('local:source.db', context).withCloseable { store ->
            (1..count).each {
                store.write(SecretRecord.ofText(String.format('bulk/%04d', it), "value-$it"), WriteCondition.createOnly(), WriteOptions.none())
            }
        }
    }

    def "the jar's REPL reads piped lines, keeps no value in its history and exits with 0"() {
        given:
        def canary = 'canary-0b7d2a45-repl-jar'
        def input = dir.resolve('input.txt')
        Files.writeString(input, ["s = create('local:repl.db')", "s.put('app/k', '$canary')", "rec = s.get('app/k')",
                                  'rec', ':ls local:repl.db', ':quit', ''].join('\n'))

        when:
        def result = ferryWithInput(input.toFile(), 'repl')

        then:
        result.exitCode == 0
        result.out.contains('created app/k in local:repl.db')
        result.out.contains('SecretRecord[key=app/k')
        !result.out.contains(canary)
        !result.err.contains(canary)
        !Files.readString(dir.resolve('repl_history')).contains(canary)
    }

    FerryCli.Result ferry(String... args) {
        ferryWithInput(new File('/dev/null'), args)
    }

    FerryCli.Result ferryWithInput(File input, String... args) {
        ferryWithEnvironment(input, [:], args)
    }

    FerryCli.Result ferryWithEnvironment(File input, Map<String, String> environment, String... args) {
        def child = start(input, environment, args)
        def out = new StringBuilder()
        def err = new StringBuilder()
        def readers = [Thread.start { out << child.inputStream.getText('UTF-8') },
                       Thread.start { err << child.errorStream.getText('UTF-8') }]
        finish(child, args, readers, out, err)
    }

    /**
     * Starts ferry and presses Ctrl-C (sends SIGINT) {@code presses} times once it reports writing
     * progress, each press after ferry has answered the one before.
     */
    FerryCli.Result ferryInterrupted(int presses, String... args) {
        def child = start(new File('/dev/null'), args)
        def out = new StringBuilder()
        def err = new StringBuilder()
        def writing = new CountDownLatch(1)
        def stopping = new CountDownLatch(1)
        def readers = [Thread.start { out << child.inputStream.getText('UTF-8') },
                       Thread.start {
                           child.errorStream.newReader('UTF-8').eachLine { line ->
                               err << line << '\n'
                               if (line.startsWith('execution: ')) {
                                   writing.countDown()
                               }
                               if (line.startsWith('ferry: stopping after the current batch')) {
                                   stopping.countDown()
                               }
                           }
                       }]
        assert writing.await(PATIENCE_MINUTES, TimeUnit.MINUTES): "no execution progress from ferry ${args.join(' ')}: $err"
        presses.times { press ->
            assert new ProcessBuilder('kill', '-INT', String.valueOf(child.pid())).start().waitFor() == 0
            if (press == 0 && presses > 1) {
                assert stopping.await(PATIENCE_MINUTES, TimeUnit.MINUTES): "ferry ${args.join(' ')} did not answer Ctrl-C: $err"
            }
        }
        finish(child, args, readers, out, err)
    }

    private Process start(File input, String... args) {
        start(input, [:], args)
    }

    private Process start(File input, Map<String, String> environment, String... args) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        // A shell's background job starts with SIGINT ignored, and a JVM that starts so can never see
        // Ctrl-C; env (which execs, keeping the pid) gives ferry the default, as a terminal would.
        def process = new ProcessBuilder(['env', '--default-signal=INT', java, '-Dfile.encoding=UTF-8', '-jar', JAR.toString()] + args.toList())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(input))
        process.environment().put('FERRY_JOURNAL_KEY_FILE', dir.resolve('journal.key').toString())
        process.environment().put('FERRY_LOCAL_PASSPHRASE', PASSPHRASE)
        process.environment().put('FERRY_REPL_HISTORY', dir.resolve('repl_history').toString())
        process.environment().putAll(environment)
        process.start()
    }

    private static FerryCli.Result finish(Process child, String[] args, List<Thread> readers, StringBuilder out, StringBuilder err) {
        assert child.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES): "ferry ${args.join(' ')} did not finish within $PATIENCE_MINUTES minutes"
        readers*.join()
        new FerryCli.Result(child.exitValue(), out.toString(), err.toString())
    }
}
