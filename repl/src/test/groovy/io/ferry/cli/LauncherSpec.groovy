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
    Path cache

    def setup() {
        checkout = Files.createDirectories(dir.resolve('checkout'))
        Files.copy(LAUNCHER, checkout.resolve('ferry'))
        Files.writeString(checkout.resolve('pom.xml'), '<project/>\n')
        Files.createDirectories(checkout.resolve('src'))
        Files.writeString(checkout.resolve('src/Main.java'), 'class Main {}\n')
        bin = Files.createDirectories(dir.resolve('bin'))
        builds = dir.resolve('builds.log')
        go = dir.resolve('go')
        cache = dir.resolve('cache')
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
            # Asked to write a class-data sharing archive, it writes one (of no use to a real JVM).
            for arg in "$@"; do
                case "$arg" in -XX:ArchiveClassesAtExit=*) echo archive > "${arg#*=}" ;; esac
            done
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
        launch([FERRY_CDS: 'off'], args)
    }

    private Process launch(Map<String, String> environment, String... args) {
        def process = new ProcessBuilder(['bash', checkout.resolve('ferry').toString()] + args.toList()).directory(dir.toFile())
        process.environment().put('PATH', bin.toString() + File.pathSeparator + System.getenv('PATH'))
        process.environment().put('XDG_CACHE_HOME', cache.toString())
        process.environment().putAll(environment)
        process.environment().put('FAKE_BUILDS', builds.toString())
        process.environment().put('FAKE_GO', go.toString())
        process.start()
    }

    def "the first run with a jar makes a class-data sharing archive in an owner-only cache, and later runs map it"() {
        given:
        Files.createFile(go)
        String jar = "${checkout.toRealPath()}/repl/target/ferry.jar"

        when: 'the first run, which makes the archive in the background'
        def first = launch([:], '--version')
        def firstOut = first.inputStream.getText('UTF-8')
        first.waitFor(GENEROUS_MINUTES, TimeUnit.MINUTES)
        Path archive = awaitArchive()

        and: 'a later run'
        def later = launch([:], '--version')
        def laterOut = later.inputStream.getText('UTF-8')
        later.waitFor(GENEROUS_MINUTES, TimeUnit.MINUTES)

        then: 'the first ran without the archive, the later one with it'
        firstOut == "java -Dfile.encoding=UTF-8 -jar $jar --version\n".toString()
        laterOut == "java -Dfile.encoding=UTF-8 -XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off -jar $jar --version\n".toString()

        and: 'only the owner can read the archive or use its directory, and nothing of its making is left'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.parent)) == 'rwx------'
        Files.getPosixFilePermissions(archive).every { it.name().startsWith('OWNER_') }
        Files.list(archive.parent).withCloseable { files -> files.map { it.fileName.toString() }.sorted().toList() } ==
                ['.lock', archive.fileName.toString()]
    }

    def "a cache directory others may write to is not used: no archive is made or mapped there"() {
        given:
        Files.createFile(go)
        Path shared = Files.createDirectories(cache.resolve('ferry/cds'))
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString('rwxrwxrwx'))
        Files.writeString(shared.resolve('planted.jsa'), 'archive')

        when:
        def run = launch([:], '--version')
        def out = run.inputStream.getText('UTF-8')
        run.waitFor(GENEROUS_MINUTES, TimeUnit.MINUTES)

        then:
        run.exitValue() == 0
        out == "java -Dfile.encoding=UTF-8 -jar ${checkout.toRealPath()}/repl/target/ferry.jar --version\n".toString()
        Files.list(shared).withCloseable { files -> files.map { it.fileName.toString() }.toList() } == ['planted.jsa']
    }

    /** Waits for the launcher's background work to end: its archive renamed into place, its run directory gone. */
    private Path awaitArchive() {
        Path dir = cache.resolve('ferry/cds')
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(GENEROUS_MINUTES)
        while (System.nanoTime() < deadline) {
            List<String> names = Files.isDirectory(dir)
                    ? Files.list(dir).withCloseable { files -> files.map { it.fileName.toString() }.toList() }
                    : []
            String archive = names.find { it.endsWith('.jsa') }
            if (archive && !names.any { it.startsWith('run.') }) {
                return dir.resolve(archive)
            }
            Thread.sleep(50)
        }
        throw new AssertionError("no archive in $dir within $GENEROUS_MINUTES minutes")
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
