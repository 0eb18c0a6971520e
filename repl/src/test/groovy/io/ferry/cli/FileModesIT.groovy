package io.ferry.cli

import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit

/**
 * Runs the packaged jar under a permissive umask, as a user with a careless shell profile would,
 * and checks that every file and directory it leaves in the working directory and in $HOME is
 * readable by its owner only: the umask is the process's, so only a child process can prove it.
 */
@Requires({ java.nio.file.FileSystems.default.supportedFileAttributeViews().contains('posix') })
class FileModesIT extends Specification {

    static final Path JAR = Path.of(System.getProperty('ferry.jar', 'target/ferry.jar'))

    @TempDir
    Path dir

    Path work
    Path home
    Path inputs

    def setup() {
        work = Files.createDirectory(dir.resolve('work'))
        home = Files.createDirectory(dir.resolve('home'))
        inputs = Files.createDirectory(dir.resolve('inputs'))
    }

    def "under umask #umask every file Ferry writes is 0600 and every directory it creates 0700, the store's -wal and -shm included"() {
        given: 'a value and a runbook, outside the directories checked'
        def value = inputs.resolve('value.txt')
        Files.writeString(value, 'file-modes-value')
        def runbook = inputs.resolve('V1__copy.groovy')
        Files.writeString(runbook, """
            runbook {
                source 'local:stores/source.db'
                target 'local:stores/copied/target.db'
                discovery { include 'app/**' }
            }
            """.stripIndent())

        when: 'a secret is put, a runbook run with a metrics file, and the REPL used'
        def put = ferry(umask, value, 'put', 'local:stores/source.db', 'app/db', '--tag', 'env=test')
        def run = ferry(umask, null, 'run', runbook.toString(), '--yes', '--metrics-file', 'metrics/textfile/ferry.prom')
        def repl = startFerry(umask, 'repl')
        def session = new PrintWriter(new OutputStreamWriter(repl.outputStream, 'UTF-8'), true)
        def screen = new BufferedReader(new InputStreamReader(repl.inputStream, 'UTF-8'))
        session.println("s = open('local:stores/source.db')")
        session.println("s.get('app/db')")
        session.println("println 'store is open'")
        String line
        while ((line = screen.readLine()) != null && !line.contains('store is open')) {
        }
        def whileOpen = modes(work)
        session.println(':quit')
        session.close()
        repl.inputStream.text
        def replExit = repl.waitFor(2, TimeUnit.MINUTES) ? repl.exitValue() : -1

        then:
        put.exitCode == 0
        run.exitCode == 0
        replExit == 0

        and: 'the open store had its write-ahead log and shared memory, private as the store'
        whileOpen['stores/source.db-wal'] == 'rw-------'
        whileOpen['stores/source.db-shm'] == 'rw-------'

        and: 'the journal key and the REPL history are in $HOME/.ferry'
        def inHome = modes(home)
        inHome['.ferry/'] == 'rwx------'
        inHome['.ferry/journal.key'] == 'rw-------'
        inHome['.ferry/repl_history'] == 'rw-------'

        and: 'the stores, the state store, the audit trail, the report and the metrics are all there'
        def inWork = modes(work)
        ['stores/source.db', 'stores/copied/target.db', '.ferry/state.db', 'metrics/textfile/ferry.prom'].every { inWork.containsKey(it) }
        inWork.keySet().any { it ==~ /\.ferry\/audit\/[^\/]+\.jsonl/ }
        inWork.keySet().any { it ==~ /\.ferry\/reports\/[^\/]+\/report\.html/ }
        inWork.keySet().any { it ==~ /\.ferry\/reports\/[^\/]+\/report\.json/ }

        and: 'every one of them, and every directory on the way, is its owner\'s only'
        notPrivate(inHome) == [:]
        notPrivate(inWork) == [:]
        notPrivate(whileOpen) == [:]

        where:
        umask << ['000', '022']
    }

    /** @return every path under the directory, relative (a directory's with a trailing slash), with its permissions */
    private static Map<String, String> modes(Path root) {
        Files.walk(root).withCloseable { paths ->
            paths.filter { it != root }.toList().collectEntries {
                [(root.relativize(it).toString() + (Files.isDirectory(it) ? '/' : '')): PosixFilePermissions.toString(Files.getPosixFilePermissions(it))]
            }
        }
    }

    /** @return the files not 0600 and the directories not 0700 */
    private static Map<String, String> notPrivate(Map<String, String> modes) {
        modes.findAll { path, mode -> mode != (path.endsWith('/') ? 'rwx------' : 'rw-------') }
    }

    private FerryCli.Result ferry(String umask, Path input, String... args) {
        def child = startFerry(umask, args)
        if (input != null) {
            child.outputStream.withCloseable { it.write(Files.readAllBytes(input)) }
        } else {
            child.outputStream.close()
        }
        def out = new StringBuilder()
        def err = new StringBuilder()
        def readers = [Thread.start { out << child.inputStream.getText('UTF-8') },
                       Thread.start { err << child.errorStream.getText('UTF-8') }]
        assert child.waitFor(2, TimeUnit.MINUTES): "ferry ${args.join(' ')} did not finish within two minutes"
        readers*.join()
        new FerryCli.Result(child.exitValue(), out.toString(), err.toString())
    }

    /** Starts the jar in the working directory through a shell that sets the umask first, with $HOME pointing at a fresh home. */
    private Process startFerry(String umask, String... args) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def command = ['sh', '-c', "umask $umask && exec \"\$@\"".toString(), 'sh', java, '-Dfile.encoding=UTF-8', '-jar', JAR.toAbsolutePath().toString()] + args.toList()
        def builder = new ProcessBuilder(command).directory(work.toFile())
        builder.environment().remove('FERRY_JOURNAL_KEY_FILE')
        builder.environment().remove('FERRY_REPL_HISTORY')
        builder.environment().put('HOME', home.toString())
        builder.environment().put('FERRY_LOCAL_PASSPHRASE', 'file-modes')
        builder.redirectErrorStream(false)
        builder.start()
    }
}
