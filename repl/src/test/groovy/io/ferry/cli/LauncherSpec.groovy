package io.ferry.cli

import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * The {@code ./ferry} launcher of the checkout, run against a copy of it in a tiny fake project, with
 * a fake {@code mvn} that records each build (and any build that overlaps another) and a fake
 * {@code java} that says what it was asked to run, so that no real build runs.
 */
@Requires({ LauncherSpec.onPath('bash') && LauncherSpec.onPath('flock') })
class LauncherSpec extends Specification {

    static final Path LAUNCHER = Path.of('..', 'ferry').toAbsolutePath().normalize()
    static final int LAUNCHERS = 4
    /** Only a bound against a hang; every wait below ends on an event long before it. */
    static final long GENEROUS_MINUTES = 5

    @TempDir
    Path dir

    Path checkout
    Path bin
    Path builds
    Path go

    def setup() {
        checkout = Files.createDirectories(dir.resolve('checkout'))
        Files.copy(LAUNCHER, checkout.resolve('ferry'))
        Files.writeString(checkout.resolve('pom.xml'), '<project/>\n')
        Files.createDirectories(checkout.resolve('src'))
        Files.writeString(checkout.resolve('src/Main.java'), 'class Main {}\n')
        bin = Files.createDirectories(dir.resolve('bin'))
        builds = dir.resolve('builds.log')
        go = dir.resolve('go')
        executable('mvn', '''\
            #!/bin/sh
            # A build: noted, and an overlap noted when another one is still running.
            mkdir "$FAKE_BUILDS.running" 2>/dev/null || echo overlap >> "$FAKE_BUILDS"
            echo "build in $(pwd)" >> "$FAKE_BUILDS"
            while [ ! -e "$FAKE_GO" ]; do sleep 0.05; done
            mkdir -p repl/target && echo jar > repl/target/ferry.jar
            rmdir "$FAKE_BUILDS.running"
            '''.stripIndent())
        executable('java', '''\
            #!/bin/sh
            echo "java $*"
            '''.stripIndent())
    }

    def "launchers started together on a fresh checkout build once, and all of them then run the built jar"() {
        given:
        def waiting = new CountDownLatch(LAUNCHERS - 1)
        def errs = Collections.synchronizedList([])

        when: 'they start together, and the first build goes on until all the others wait for it'
        def launchers = (1..LAUNCHERS).collect { launch('--version') }
        def readers = launchers.collect { child ->
            Thread.start {
                child.errorStream.newReader('UTF-8').eachLine { line ->
                    errs << line
                    if (line.startsWith('ferry: waiting for another ./ferry to finish building')) {
                        waiting.countDown()
                    }
                }
            }
        }
        boolean othersWaited = waiting.await(GENEROUS_MINUTES, TimeUnit.MINUTES)
        Files.createFile(go)
        def outs = launchers.collect { it.inputStream.getText('UTF-8') }
        boolean finished = launchers.every { it.waitFor(GENEROUS_MINUTES, TimeUnit.MINUTES) }
        readers*.join()

        then: 'one build, which no other overlapped'
        othersWaited
        finished
        Files.readAllLines(builds) == ["build in ${checkout.toRealPath()}".toString()]

        and: 'every launcher ran the jar it built'
        launchers.every { it.exitValue() == 0 }
        outs.every { it == "java -Dfile.encoding=UTF-8 -jar ${checkout.toRealPath()}/repl/target/ferry.jar --version\n".toString() }
        errs.count { it.startsWith('ferry: building ') } == 1

        and: 'the lock file is kept out of the sources'
        Files.exists(checkout.resolve('target/.ferry-build.lock'))
    }

    def "a launcher finding the jar fresh runs it without building or waiting"() {
        given:
        Files.createFile(go)
        assert launch('--version').waitFor(GENEROUS_MINUTES, TimeUnit.MINUTES)

        when:
        def again = launch('ls', 'memory:x')
        def err = again.errorStream.getText('UTF-8')
        def out = again.inputStream.getText('UTF-8')

        then:
        again.waitFor(GENEROUS_MINUTES, TimeUnit.MINUTES)
        again.exitValue() == 0
        err.isEmpty()
        out.endsWith('ferry.jar ls memory:x\n')
        Files.readAllLines(builds).size() == 1
    }

    private Process launch(String... args) {
        def process = new ProcessBuilder(['bash', checkout.resolve('ferry').toString()] + args.toList()).directory(dir.toFile())
        process.environment().put('PATH', bin.toString() + File.pathSeparator + System.getenv('PATH'))
        process.environment().put('FAKE_BUILDS', builds.toString())
        process.environment().put('FAKE_GO', go.toString())
        process.start()
    }

    private void executable(String name, String script) {
        Path file = bin.resolve(name)
        Files.writeString(file, script)
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString('rwxr-xr-x'))
    }

    static boolean onPath(String command) {
        System.getenv('PATH').split(File.pathSeparator).any { Files.isExecutable(Path.of(it, command)) }
    }
}
