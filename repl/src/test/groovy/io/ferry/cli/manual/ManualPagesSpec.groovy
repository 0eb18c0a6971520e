package io.ferry.cli.manual

import io.ferry.cli.Main
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import picocli.CommandLine
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The manual pages written from the command definitions, read back through groff and man as a
 * reader's {@code man} would show them. Both come with the Debian packages groff-base and man-db,
 * which scripts/install-test-tools installs; without them the specification fails and says so.
 */
class ManualPagesSpec extends Specification {

    /** Only a bound against a hang: groff and man end in well under a second. */
    static final long PATIENCE_MINUTES = 5
    /** The requests and macros a page is written with; a description's text must never add one. */
    static final List<String> REQUESTS = ['.\\"', '.TH', '.SH', '.TP', '.PP', '.RS', '.RE', '.nf', '.fi']

    @Shared
    @TempDir
    Path pages

    @Shared
    List<Path> written

    @TempDir
    Path fixturePages

    def setupSpec() {
        ['groff', 'man'].each { tool ->
            assert ['sh', '-c', "command -v $tool"].execute().waitFor() == 0:
                    "$tool is not on the PATH: these pages are checked with it; run scripts/install-test-tools (Debian: groff-base, man-db)"
        }
        written = ManualPages.write(new CommandLine(new Main()).commandSpec, 'Ferry test', pages)
    }

    def "a page is written for the ferry command and for every subcommand, at every depth"() {
        given: "the commands as picocli itself lists them"
        List<String> expected = []
        def walk
        walk = { CommandLine c ->
            expected << c.commandSpec.qualifiedName('-') + '.1'
            c.subcommands.values().toUnique { it.commandSpec }.each { walk(it) }
        }
        walk(new CommandLine(new Main()))

        expect:
        written*.fileName*.toString().toSorted() == expected.toSorted()
        written[0].fileName.toString() == 'ferry.1'
        expected.containsAll(['ferry.1', 'ferry-copy.1', 'ferry-run.1', 'ferry-emulate-stop.1'])
        Files.list(pages).withCloseable { it.count() } == expected.size()
    }

    def "every page is troff that groff formats without a warning, with the sections of a manual page"() {
        expect:
        written.each { page ->
            def groff = run(['groff', '-man', '-Tutf8', '-ww', '-z', page.toString()])
            assert groff.exit == 0 && groff.err.isEmpty(): "$page.fileName: $groff.err"
            def shown = man(page)
            assert shown.exit == 0: "$page.fileName: $shown.err"
            ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'EXIT STATUS'].each { section ->
                assert shown.out.readLines().contains(section): "$page.fileName has no $section section"
            }
        }
    }

    def "man shows a command's page as its help describes the command: #name"() {
        when:
        def shown = man(pages.resolve(name + '.1'))

        then:
        shown.exit == 0
        shown.text.contains('NAME ' + nameLine)
        seen.every { shown.text.contains(it) }

        where:
        name         | nameLine                                                              | seen
        'ferry-copy' | 'ferry-copy - Copies secrets from one store to another, without a runbook file.' | ['ferry copy', '--dry-run', '--on-existing=CHOICE', 'FROM', 'TO', 'EXIT STATUS 0 success', '4 the plan is blocked by conflicts']
        'ferry-put'  | 'ferry-put - Creates or updates one secret'                            | ["printf '%s' \"\$VALUE\" | ferry put local:secrets.db app/api-key --tag env=dev"]
        'ferry'      | 'ferry - Moves secrets between stores'                                 | ['ferry-copy(1)', 'COMMANDS', '--journal-key=STORE/KEY', '130']
    }

    def "a description that troff would take for requests or escapes is shown as written: #what"() {
        given:
        def page = ManualPages.write(new CommandLine(new Specials()).commandSpec, 'Specials 1.0', fixturePages)[0]

        when:
        def shown = man(page)
        def groff = run(['groff', '-man', '-Tutf8', '-ww', '-z', page.toString()])

        then: "groff reads it without a warning and man shows the text itself"
        groff.err.isEmpty()
        shown.exit == 0
        shown.text.contains(text)

        and: "every line of the page's source that troff reads as a request is one the page means"
        Files.readAllLines(page).findAll { it.startsWith('.') || it.startsWith("'") }
                .every { it.split(' ')[0] in REQUESTS }

        where:
        what                           | text
        'a leading dot'                | '.ferry/state.db is the default'
        'a leading apostrophe'         | "'quoted' at the start"
        'a backslash'                  | 'C:\\temp\\ferry and \\fBnot bold'
        'hyphens of options'           | '--dry-run and -v'
        'characters beyond ASCII'      | 'naïve → café'
        'an option value with a dot'   | '.hidden-file'
        'a line that was a %n'         | 'after a break'
    }

    @Command(name = 'specials', description = [
            '.ferry/state.db is the default',
            "'quoted' at the start",
            'C:\\temp\\ferry and \\fBnot bold',
            '--dry-run and -v',
            'naïve → café',
            'before a break%nafter a break'])
    static class Specials {
        @Option(names = '--file', paramLabel = 'FILE', description = '.hidden-file')
        String file

        @Parameters(paramLabel = 'KEY', description = 'a key')
        String key
    }

    private static Map run(List<String> command, Map<String, String> environment = [:]) {
        def builder = new ProcessBuilder(command)
        builder.environment().putAll(environment)
        def process = builder.start()
        def out = new StringBuilder()
        def err = new StringBuilder()
        def readers = [Thread.start { out << process.inputStream.getText('UTF-8') }, Thread.start { err << process.errorStream.getText('UTF-8') }]
        assert process.waitFor(PATIENCE_MINUTES, TimeUnit.MINUTES): "${command[0]} did not finish"
        readers*.join()
        [exit: process.exitValue(), out: out.toString(), err: err.toString()]
    }

    /**
     * The page as man shows it, not justified nor hyphenated, without bold or underlining (man drops
     * them when its output is not a terminal); {@code text} has every run of white space as one space.
     */
    private static Map man(Path page) {
        def shown = run(['man', '--nj', '--nh', '-l', '-P', 'cat', page.toString()], [MANWIDTH: '120', LANG: 'C.UTF-8'])
        shown + [text: shown.out.replaceAll(/\s+/, ' ')]
    }
}
