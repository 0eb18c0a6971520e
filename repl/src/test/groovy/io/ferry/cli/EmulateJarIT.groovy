package io.ferry.cli

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit
import spock.lang.Specification
import spock.lang.TempDir

/**
 * {@code ferry emulate} as a user and a script run it, from the shaded jar in JVMs of their own: the
 * Kubernetes emulator through the k8s adapter, seeding every emulator from a file, {@code --detach}
 * and {@code emulate stop}, and SIGINT and SIGTERM however the emulator was started. Waits are on
 * what the emulator prints, bounded by minutes.
 */
class EmulateJarIT extends Specification {

    static final Path JAR = Path.of(System.getProperty('ferry.jar', 'target/ferry.jar')).toAbsolutePath()
    static final String JAVA = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
    static final long BOUND_MINUTES = 3

    @TempDir
    Path dir

    def cleanup() {
        // a failed feature must not leave a background emulator behind
        ferry([:], 'emulate', 'stop')
    }

    def "ferry emulate kubernetes writes an owner-only kubeconfig, and ls, copy, put and get work through it"() {
        given: 'the emulator in the foreground, read until it has said how to connect'
        def emulator = new ProcessBuilder([JAVA, '-jar', JAR.toString(), 'emulate', 'kubernetes'])
                .directory(dir.toFile()).redirectErrorStream(true).start()
        def lines = emulator.inputStream.newReader('UTF-8')
        def said = []
        while (!said || !said[-1].contains('connect with:')) {
            def line = lines.readLine()
            assert line != null: "the emulator ended before it said how to connect: $said"
            said << line
        }
        def kubeconfig = Path.of((said.join('\n') =~ /export KUBECONFIG=(\S+);/)[0][1])
        def env = [KUBECONFIG: kubeconfig.toString()]
        Files.writeString(dir.resolve('one.txt'), 'value-one')
        Files.writeString(dir.resolve('two.txt'), 'value-two')

        when:
        def putLocal = ferry(env, dir.resolve('one.txt'), 'put', 'local:x.db', 'app-one')
        def putLocal2 = ferry(env, dir.resolve('two.txt'), 'put', 'local:x.db', 'app-two', '--tag', 'env=prod')
        def copy = ferry(env, 'copy', 'local:x.db', 'k8s:payments', '--yes')
        def put = ferry(env, dir.resolve('one.txt'), 'put', 'k8s:payments', 'direct')
        def ls = ferry(env, 'ls', 'k8s:payments')
        def get = ferry(env, 'get', 'k8s:payments', 'app-two', '--reveal')

        then:
        said[0] =~ /^kubernetes emulator listening at http:\/\/127\.0\.0\.1:\d+ /
        PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)) == 'rw-------'
        [putLocal, putLocal2, copy, put, ls, get]*.exitCode == [0, 0, 0, 0, 0, 0]
        copy.out.contains('validation: passed: 2 of 2 matched')
        ls.out =~ /(?m)^app-one +\d+ /
        ls.out =~ /(?m)^app-two +\d+ .*env=prod/
        ls.out =~ /(?m)^direct +\d+ /
        get.out.replaceFirst(/\n$/, '') == 'value-two'

        when: 'SIGTERM, as a service manager stops it'
        assert new ProcessBuilder('kill', '-TERM', String.valueOf(emulator.pid())).start().waitFor() == 0

        then:
        emulator.waitFor(BOUND_MINUTES, TimeUnit.MINUTES)
        emulator.exitValue() == 0
    }

    def "ferry emulate #store --seed --detach serves the seeded secrets in the background until emulate stop"() {
        given:
        Files.writeString(dir.resolve('seed.json'), seed)

        when:
        def started = ferry([:], 'emulate', store, '--seed', 'seed.json', '--detach')
        def files = dir.resolve('.ferry/emulate')
        def connection = environment(files.resolve("${store}.env"))
        def pid = Long.parseLong(Files.readString(files.resolve("${store}.pid")).trim())
        def uri = connection["${store.toUpperCase()}_EMULATOR_URI"] as String
        def get = ferry(connection, 'get', location == null ? uri : location, key, '--reveal')

        then: 'it returned, its child listening, its files owner-only'
        started.exitCode == 0
        started.out =~ /(?m)^$store emulator listening at/
        started.out.contains("seeded:       2 secrets from ${dir.resolve('seed.json')}")
        started.out.contains("stop it with: ferry emulate stop $store")
        !started.out.contains('\\n')
        ProcessHandle.of(pid).map { it.alive }.orElse(false)
        ["${store}.pid", "${store}.env", "${store}.log"].every {
            PosixFilePermissions.toString(Files.getPosixFilePermissions(files.resolve(it))) == 'rw-------'
        }

        and: 'the seeded secret reads through the adapter, as the store keeps it'
        get.exitCode == 0
        get.out.replaceFirst(/\n$/, '') == expected

        when:
        def stop = ferry([:], 'emulate', 'stop', store)

        then: 'SIGTERM ended it, and its files are gone'
        stop.exitCode == 0
        stop.out.contains("stopped the $store emulator (pid $pid)")
        !ProcessHandle.of(pid).map { it.alive }.orElse(false)
        !Files.exists(files.resolve("${store}.pid"))
        !Files.exists(files.resolve("${store}.env"))

        where:
        store        | seed                                                                                    | location      | key               | expected
        'aws'        | '{"app/db-password": "s3cr3t", "app/db": {"value": {"user": "app"}, "tags": {"env": "prod"}}}' | null | 'app/db-password' | 's3cr3t'
        'azure'      | '{"db-password": "s3cr3t", "db": {"value": {"user": "app"}, "tags": {"env": "prod"}}}'  | null          | 'db-password'     | 's3cr3t'
        'vault'      | '{"app/db-password": "s3cr3t", "app/db": {"value": {"user": "app"}}}'                   | null          | 'app/db'          | '{"user":"app"}'
        'kubernetes' | '{"payments/db-password": "s3cr3t", "payments/db": {"value": {"user": "app"}}}'         | 'k8s:payments' | 'db-password'    | '{"value":"s3cr3t"}'
    }

    def "a second --detach of the same store is refused while the first runs, and stop without a store stops every one"() {
        given:
        def first = ferry([:], 'emulate', 'vault', '--detach')
        def other = ferry([:], 'emulate', 'kubernetes', '--detach')

        when:
        def again = ferry([:], 'emulate', 'vault', '--detach')

        then:
        first.exitCode == 0
        other.exitCode == 0
        again.exitCode == 2
        again.err.readLines().size() == 1
        again.err.contains('a vault emulator already runs in the background')
        again.err.contains('ferry emulate stop vault')

        when:
        def stop = ferry([:], 'emulate', 'stop')
        def nothing = ferry([:], 'emulate', 'stop', 'vault')

        then:
        stop.exitCode == 0
        stop.out.contains('stopped the kubernetes emulator')
        stop.out.contains('stopped the vault emulator')
        nothing.exitCode == 0
        nothing.out.contains('no vault emulator runs in the background')
    }

    def "a seed file the store would refuse fails in one line with exit code 2, naming the key and never the value: #store"() {
        given:
        Files.writeString(dir.resolve('seed.json'), seed)

        when:
        def result = ferry([:], 'emulate', store, '--seed', 'seed.json', '--detach')

        then:
        result.exitCode == 2
        result.err.readLines().size() == 1
        result.err.contains(expected)
        !result.err.contains('the-seed-value')
        !Files.exists(dir.resolve(".ferry/emulate/${store}.pid"))

        where:
        store        | seed                                   | expected
        'kubernetes' | '{"no-namespace": "the-seed-value"}'   | "kubernetes seed key 'no-namespace' must be NAMESPACE/NAME"
        'azure'      | '{"not/valid": "the-seed-value"}'      | "azure cannot hold seed secret 'not/valid'"
        'aws'        | '{"k": 7}'                             | "key 'k'"
    }

    def "an emulator started with & from a script stops on #signal, though the shell started it with SIGINT ignored"() {
        given: 'sh without job control starts a background job with SIGINT ignored'
        def out = dir.resolve("${store}.out")
        def script = "'$JAVA' -jar '$JAR' emulate $store > '$out' 2>&1 & echo \$! > '$dir/pid'; wait \$!; echo \$? > '$dir/rc'"
        def shell = new ProcessBuilder('sh', '-c', script).directory(dir.toFile()).start()
        waitFor(shell) { Files.exists(out) && Files.readString(out).contains('listening at') }
        def pid = Files.readString(dir.resolve('pid')).trim()

        when:
        assert new ProcessBuilder('kill', "-$signal", pid).start().waitFor() == 0

        then:
        shell.waitFor(BOUND_MINUTES, TimeUnit.MINUTES)
        Files.readString(dir.resolve('rc')).trim() == String.valueOf(exitCode)
        Files.readString(out).contains("$store emulator stopped")

        where:
        store        | signal | exitCode
        'aws'        | 'INT'  | 130
        'azure'      | 'INT'  | 130
        'vault'      | 'INT'  | 130
        'kubernetes' | 'INT'  | 130
        'kubernetes' | 'TERM' | 0
    }

    def "the shell does start background jobs with SIGINT ignored, which is what the emulator overcomes"() {
        when:
        def shell = new ProcessBuilder('sh', '-c', "sleep 600 & grep SigIgn /proc/\$!/status; kill \$!").start()
        def text = shell.inputStream.getText('UTF-8')
        shell.waitFor(BOUND_MINUTES, TimeUnit.MINUTES)

        then: 'bit 2 of the mask, SIGINT'
        (Long.parseLong((text =~ /SigIgn:\s+([0-9a-f]+)/)[0][1], 16) & 2L) != 0
    }

    private static void waitFor(Process process, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(BOUND_MINUTES)
        while (!condition()) {
            assert process.alive: 'the process ended before the emulator listened'
            assert System.nanoTime() < deadline: "the emulator did not listen within $BOUND_MINUTES minutes"
            sleep(100)
        }
    }

    /** @return the variables a connection file exports */
    private static Map<String, String> environment(Path file) {
        Files.readAllLines(file).findAll { it.startsWith('export ') }.collectEntries { line ->
            def (name, value) = line.substring('export '.length()).split('=', 2)
            [name, value.replaceAll(/^'|'$/, '')]
        }
    }

    FerryCli.Result ferry(Map<String, String> environment, String... args) {
        ferry(environment, null, args)
    }

    FerryCli.Result ferry(Map<String, String> environment, Path input, String... args) {
        def builder = new ProcessBuilder([JAVA, '-Dfile.encoding=UTF-8', '-jar', JAR.toString()] + args.toList())
                .directory(dir.toFile())
                .redirectInput(input == null ? ProcessBuilder.Redirect.from(new File('/dev/null')) : ProcessBuilder.Redirect.from(input.toFile()))
        builder.environment().put('FERRY_JOURNAL_KEY_FILE', dir.resolve('journal.key').toString())
        builder.environment().put('FERRY_LOCAL_PASSPHRASE', 'emulate-it')
        builder.environment().put('HOME', dir.toString())
        builder.environment().putAll(environment)
        def child = builder.start()
        def out = new StringBuilder()
        def err = new StringBuilder()
        def readers = [Thread.start { out << child.inputStream.getText('UTF-8') },
                       Thread.start { err << child.errorStream.getText('UTF-8') }]
        assert child.waitFor(BOUND_MINUTES, TimeUnit.MINUTES): "ferry ${args.join(' ')} did not finish within $BOUND_MINUTES minutes"
        readers*.join()
        new FerryCli.Result(child.exitValue(), out.toString(), err.toString())
    }
}
