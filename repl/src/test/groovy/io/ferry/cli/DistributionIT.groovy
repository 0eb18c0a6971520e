package io.ferry.cli

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission
import java.util.concurrent.TimeUnit
import picocli.CommandLine
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The distribution archive as a user gets it: unpacked into an empty directory and run from there,
 * with Java 17 and nothing else (no Maven, no checkout, no key file); runs in the integration-test
 * phase, after packaging. The wall time of --version and --help is measured and printed, not asserted.
 */
class DistributionIT extends Specification {

    static final Path ARCHIVE = Path.of(System.getProperty('ferry.distribution', 'target/ferry.tar.gz'))
    /** Only a bound against a hang: every wait ends when the process exits, long before it. */
    static final long PATIENCE_MINUTES = 5
    static final String CANARY = 'canary-5d0c41e9-distribution'
    static final String KEY = ((1..32).collect { (byte) (it * 3) } as byte[]).encodeBase64().toString()

    @Shared
    @TempDir
    Path unpacked

    @Shared
    Path home

    @TempDir
    Path work

    def setupSpec() {
        assert Files.isRegularFile(ARCHIVE): "$ARCHIVE is built by mvn package"
        def tar = new ProcessBuilder('tar', '-xzf', ARCHIVE.toString(), '-C', unpacked.toString()).inheritIO().start()
        assert tar.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES) && tar.exitValue() == 0
        home = Files.list(unpacked).withCloseable { it.toList() }.with { assert it.size() == 1; it[0] }
    }

    def "the archive holds the launcher, the jar, completion, manual pages, the IDE descriptors and the licence"() {
        expect:
        home.fileName.toString() == ARCHIVE.fileName.toString() - '.tar.gz'
        Files.getPosixFilePermissions(home.resolve('bin/ferry')).contains(PosixFilePermission.OWNER_EXECUTE)
        ['lib/ferry.jar', 'completion/ferry.bash', 'completion/ferry.zsh', 'man/man1/ferry.1', 'ide/runbook.gdsl',
         'ide/ferry.dsld', 'README.md', 'LICENSE'].every { Files.isRegularFile(home.resolve(it)) }

        and: "the licence is the Apache License 2.0, whole"
        Files.readString(home.resolve('LICENSE')).with {
            it.contains('Apache License') && it.contains('Version 2.0, January 2004') && it.contains('END OF TERMS AND CONDITIONS')
        }

        and: "a manual page per command, at every depth, and no other"
        Files.list(home.resolve('man/man1')).withCloseable { it.toList() }*.fileName*.toString().toSorted() == commandPages().toSorted()
    }

    def "man shows the page of a command from the archive: #page"() {
        when:
        def shown = run(['man', '--nj', '--nh', '-l', '-P', 'cat', home.resolve("man/man1/$page").toString()],
                [MANWIDTH: '120', LANG: 'C.UTF-8'])
        def text = shown.out.replaceAll(/\s+/, ' ')

        then:
        shown.exitCode == 0
        shown.err.isEmpty()
        seen.every { text.contains(it) }

        where:
        page                   | seen
        'ferry-run.1'          | ['NAME ferry-run - Plans, executes and validates a runbook.', 'SYNOPSIS ferry run', 'OPTIONS', '--yes', 'EXIT STATUS']
        'ferry-emulate-stop.1' | ['NAME ferry-emulate-stop - ', 'SEE ALSO ferry-emulate(1), ferry(1)']
        'ferry.1'              | ['COMMANDS', 'ferry-copy(1)', '--state=FILE|URL']
    }

    def "--version and --help answer from the archive (wall time printed for the record)"() {
        when:
        def version = timed('--version')
        def help = timed('--help')

        then:
        version.result.exitCode == 0
        version.result.out.startsWith('ferry ')
        help.result.exitCode == 0
        help.result.out.contains('Usage: ferry')
        help.result.out.contains('--journal-key')
    }

    def "a copy, a REPL line and the help of a command run through bin/ferry, the journal key from FERRY_JOURNAL_KEY"() {
        when: "a secret is put, copied to another store, and listed in the REPL"
        def put = ferry(CANARY, 'put', 'local:source.db', 'app/db-password')
        def copy = ferry('', 'copy', 'local:source.db', 'local:target.db', '--yes')
        def repl = ferry(':ls local:target.db\n:quit\n', 'repl')
        def help = ferry('', 'copy', '--help')

        then:
        put.exitCode == 0
        copy.exitCode == 0
        repl.exitCode == 0
        repl.out.contains('app/db-password')
        help.exitCode == 0
        help.out.contains('Usage: ferry copy')

        and: "no key file was made, and the value was printed nowhere"
        !Files.exists(work.resolve('home/.ferry/journal.key'))
        [put, copy, repl, help].every { !(it.out + it.err).contains(CANARY) }
    }

    def "the bash completion script completes commands and options"() {
        when:
        def script = """source '${home.resolve('completion/ferry.bash')}'
                        COMP_WORDS=(ferry co); COMP_CWORD=1; COMP_LINE='ferry co'; _complete_ferry
                        echo "commands: \${COMPREPLY[*]}"
                        COMP_WORDS=(ferry copy --dr); COMP_CWORD=2; COMP_LINE='ferry copy --dr'; _complete_ferry
                        echo "options: \${COMPREPLY[*]}" """
        def bash = new ProcessBuilder('bash', '-c', script).redirectErrorStream(true).start()
        def out = bash.inputStream.text

        then:
        bash.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES)
        bash.exitValue() == 0
        out.readLines().contains('commands: copy')
        out.readLines().contains('options: --dry-run')
    }

    @Requires(value = { LauncherSpec.onPath('zsh') },
            reason = 'zsh is not on the PATH, so the zsh completion cannot be tried: run scripts/install-test-tools (Debian: zsh)')
    def "the zsh completion offers every command, and the options of a command, in an interactive zsh"() {
        when: "Tab is pressed after 'ferry ', after 'ferry co' and after 'ferry copy --dr'"
        def all = zshCompletes('ferry ')
        def co = zshCompletes('ferry co')
        def options = zshCompletes('ferry copy --dr')

        then:
        all.containsAll(new CommandLine(new Main()).subcommands.keySet())
        co == ['copy'] as Set
        options == ['--dry-run'] as Set
    }

    private Map timed(String... args) {
        long start = System.nanoTime()
        def result = ferry('', args)
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
        println "ferry ${args.join(' ')} from the archive: ${millis} ms wall time"
        [result: result, millis: millis]
    }

    /** @return the page names of the ferry command and its subcommands at every depth, as picocli lists them */
    private static List<String> commandPages() {
        List<String> pages = []
        def walk
        walk = { CommandLine c ->
            pages << c.commandSpec.qualifiedName('-') + '.1'
            c.subcommands.values().toUnique { it.commandSpec }.each { walk(it) }
        }
        walk(new CommandLine(new Main()))
        pages
    }

    /**
     * @return the candidates an interactive zsh, with the archive's completion script sourced, offers
     *     when Tab is pressed after the line (complete.zsh types it on a pseudo-terminal)
     */
    private Set<String> zshCompletes(String line) {
        def driver = Path.of(DistributionIT.getResource('complete.zsh').toURI())
        def zsh = run(['zsh', '-f', driver.toString(), home.resolve('completion/ferry.zsh').toString(), line],
                [HOME: work.resolve('zsh-home').with { Files.createDirectories(it) }.toString(), TERM: 'xterm'])
        assert zsh.exitCode == 0: "zsh: $zsh.err"
        zsh.out.readLines().findAll { it.startsWith('offered: ') }.collect { it - 'offered: ' } as Set
    }

    /** Runs a tool of the machine, with additions to this JVM's environment. */
    private static FerryCli.Result run(List<String> command, Map<String, String> environment) {
        def builder = new ProcessBuilder(command)
        builder.environment().putAll(environment)
        def child = builder.start()
        child.outputStream.close()
        def out = new StringBuilder()
        def err = new StringBuilder()
        def readers = [Thread.start { out << child.inputStream.getText('UTF-8') }, Thread.start { err << child.errorStream.getText('UTF-8') }]
        assert child.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES): "${command[0]} did not finish within $PATIENCE_MINUTES minutes"
        readers*.join()
        new FerryCli.Result(child.exitValue(), out.toString(), err.toString())
    }

    /** Runs bin/ferry in an empty working directory, with only Java on the PATH beside the system's tools. */
    private FerryCli.Result ferry(String input, String... args) {
        def java = Path.of(System.getProperty('java.home'))
        def builder = new ProcessBuilder([home.resolve('bin/ferry').toString()] + args.toList()).directory(work.toFile())
        builder.environment().clear()
        builder.environment().putAll([PATH                  : '/usr/bin:/bin', JAVA_HOME: java.toString(), HOME: work.resolve('home').toString(),
                                      FERRY_JOURNAL_KEY     : KEY, FERRY_LOCAL_PASSPHRASE: 'distribution',
                                      FERRY_REPL_HISTORY    : work.resolve('repl_history').toString()])
        def child = builder.start()
        child.outputStream.withCloseable { it.write(input.getBytes('UTF-8')) }
        def out = new StringBuilder()
        def err = new StringBuilder()
        def readers = [Thread.start { out << child.inputStream.getText('UTF-8') }, Thread.start { err << child.errorStream.getText('UTF-8') }]
        assert child.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES): "bin/ferry ${args.join(' ')} did not finish within $PATIENCE_MINUTES minutes"
        readers*.join()
        new FerryCli.Result(child.exitValue(), out.toString(), err.toString())
    }
}
