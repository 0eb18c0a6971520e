package io.ferry.cli

import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Launches the shaded jar as a user would, in its own JVM; runs in the integration-test phase, after packaging. */
class FerryJarIT extends Specification {

    static final Path JAR = Path.of(System.getProperty('ferry.jar', 'target/ferry.jar'))

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

    FerryCli.Result ferry(String... args) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def process = new ProcessBuilder([java, '-jar', JAR.toString()] + args.toList())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
        process.environment().put('FERRY_JOURNAL_KEY_FILE', dir.resolve('journal.key').toString())
        def child = process.start()
        def out = child.inputStream.newReader('UTF-8')
        def err = child.errorStream.newReader('UTF-8')
        def outText = new StringBuilder()
        def errText = new StringBuilder()
        def readers = [Thread.start { outText << out.text }, Thread.start { errText << err.text }]
        assert child.waitFor(60, TimeUnit.SECONDS): "ferry ${args.join(' ')} did not finish within a minute"
        readers*.join()
        new FerryCli.Result(child.exitValue(), outText.toString(), errText.toString())
    }
}
