package io.ferry.cli

import com.fasterxml.jackson.databind.ObjectMapper
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import spock.lang.Specification
import spock.lang.TempDir

/**
 * {@code ferry examples DIR} and the rehearsal it lays out, as a new user runs them from the
 * packaged jar: the directory holds the repository's example runbooks and every input they read,
 * and {@code ./rehearse} applies V1 to V8 in order against the emulators, offline, and stops them.
 * The directory is the one {@link ExamplesLayout} laid out for every specification that runs the
 * examples; the rehearsal runs in a copy. Waits are bounded by minutes.
 */
class ExamplesJarIT extends Specification {

    static final Path JAR = ExamplesLayout.JAR
    static final Path REPOSITORY_RUNBOOKS = Path.of(System.getProperty('ferry.runbooks', '../runbooks')).toAbsolutePath()
    static final String JAVA = ExamplesLayout.JAVA

    @TempDir
    Path dir

    def cleanup() {
        // a failed rehearsal must not leave background emulators behind
        if (Files.isDirectory(dir.resolve('examples'))) {
            run(dir.resolve('examples'), [JAVA, '-jar', JAR.toString(), 'emulate', 'stop'])
        }
    }

    def "ferry examples lays out the repository's runbooks and their inputs, and rehearse applies V1 to V8 offline"() {
        when: 'a new user lays out the examples and runs the rehearsal, with nothing set in the environment'
        def layout = ExamplesLayout.layout()
        def laidOut = ExamplesLayout.directory()
        def examples = ExamplesLayout.copy(dir.resolve('examples'))
        def rehearse = run(examples, [examples.resolve('rehearse').toString()])
        def info = run(examples, [JAVA, '-jar', JAR.toString(), 'info', 'runbooks', '--output', 'json'])

        then: 'the directory holds the runbooks exactly as the repository has them, owner-only'
        layout.out.contains('next: cd examples && ./rehearse')
        names(laidOut.resolve('runbooks')) == names(REPOSITORY_RUNBOOKS).findAll { it ==~ /(V\d+__|scheduled_).+\.(groovy|jsh)/ }
        names(laidOut.resolve('runbooks')).every {
            Files.readAllBytes(laidOut.resolve('runbooks').resolve(it)) == Files.readAllBytes(REPOSITORY_RUNBOOKS.resolve(it))
        }
        PosixFilePermissions.toString(Files.getPosixFilePermissions(laidOut.resolve('old.db'))) == 'rw-------'

        and: 'the rehearsal applied every runbook in version order and stopped the emulators it started'
        rehearse.exitCode == 0
        (rehearse.out + rehearse.err).findAll(/applied (V\d)__\S+ \(run \S+, SUCCEEDED\)/) { all, v -> v } ==
                ['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8']
        (rehearse.out + rehearse.err).contains('migrated 8 runbook(s)')
        !Files.exists(examples.resolve('.ferry/emulate/aws.pid'))
        !Files.exists(examples.resolve('.ferry/emulate/kubernetes.pid'))

        and: 'the history says so too'
        info.exitCode == 0
        new ObjectMapper().readTree(info.out).collect { [it.get('version').asText(), it.get('state').asText()] } ==
                (1..8).collect { [it as String, 'APPLIED'] }

        and: 'what the runbooks consumed and wrote is there: the plain-text files gone, their backups owner-only'
        !Files.exists(examples.resolve('legacy-secrets.json'))
        !Files.exists(examples.resolve('service-tokens.json'))
        Files.list(examples).withCloseable { files -> files.toList() }.findAll { it.fileName.toString().endsWith('.bak') }.every {
            PosixFilePermissions.toString(Files.getPosixFilePermissions(it)) == 'rw-------'
        }
    }

    def "ferry examples refuses a directory that holds something, and writes nothing into it"() {
        given:
        def taken = Files.createDirectories(dir.resolve('taken'))
        Files.writeString(taken.resolve('notes.txt'), 'mine')

        when:
        def result = run(dir, [JAVA, '-jar', JAR.toString(), 'examples', 'taken'])

        then:
        result.exitCode == 2
        result.err.trim().readLines().size() == 1
        result.err.contains("${taken} exists and is not an empty directory")
        names(taken) == ['notes.txt']
    }

    private static List<String> names(Path directory) {
        Files.list(directory).withCloseable { files -> files.map { it.fileName.toString() }.toList().toSorted() }
    }

    private FerryCli.Result run(Path directory, List<String> command) {
        ExamplesLayout.run(directory, command, dir, [FERRY_JOURNAL_KEY_FILE: dir.resolve('journal.key').toString()])
    }
}
