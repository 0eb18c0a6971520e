package io.ferry.cli

import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * What {@code ferry --version} and {@code ferry --help} load, in a JVM of their own started as a
 * user starts the jar: none of Groovy, JLine, JNA or a cloud store's SDK, whose loading was most of
 * their time. Counts classes, never time, so that load on the machine cannot fail it.
 */
class StartupClassesIT extends Specification {

    static final Path JAR = Path.of(System.getProperty('ferry.jar', 'target/ferry.jar'))
    /** Only a bound against a hang: the command ends in seconds. */
    static final long PATIENCE_MINUTES = 5
    static final List<String> DEFERRED = ['groovy.', 'org.codehaus.groovy.', 'org.apache.groovy.', 'org.jline.', 'com.sun.jna.',
                                          'software.amazon.', 'com.azure.', 'io.fabric8.', 'io.ferry.aws.', 'io.ferry.azure.',
                                          'io.ferry.vault.', 'io.ferry.kubernetes.']

    @TempDir
    Path dir

    def "ferry #argument loads none of Groovy, JLine, JNA or the cloud stores' SDKs"() {
        expect:
        Files.isRegularFile(JAR)

        when:
        def log = dir.resolve('classes.log')
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def process = new ProcessBuilder(java, "-Xlog:class+load=info:file=$log", '-Dfile.encoding=UTF-8', '-jar', JAR.toString(), argument)
                .directory(dir.toFile()).redirectErrorStream(true).start()
        def out = process.inputStream.getText('UTF-8')
        assert process.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES)
        def loaded = Files.readAllLines(log).collect { (it =~ /\] (\S+) source:/).with { m -> m.find() ? m.group(1) : null } }.findAll()

        then: 'it answered'
        process.exitValue() == 0
        out.startsWith(expected)

        and: 'Ferry is what it loaded, and none of what only other commands need'
        loaded.contains('io.ferry.cli.FerryCommand')
        loaded.findAll { name -> DEFERRED.any { name.startsWith(it) } } == []

        and: 'no subcommand was built: picocli made no option of theirs'
        !loaded.contains('io.ferry.cli.ApplyOptions')

        where:
        argument    || expected
        '--version' || 'ferry '
        '--help'    || 'Usage: ferry '
    }
}
