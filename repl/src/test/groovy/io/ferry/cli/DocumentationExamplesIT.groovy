package io.ferry.cli

import io.ferry.api.Ferry
import io.ferry.cli.host.Host
import io.ferry.spi.ProviderContext
import java.nio.file.Files
import java.nio.file.Path
import java.util.regex.Matcher
import java.util.regex.Pattern
import javax.tools.ToolProvider
import picocli.CommandLine
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The fenced examples of README.md and runbooks/README.md, run as a reader types them. A {@code bash}
 * block runs whole, in a fresh copy of the directory {@code ferry examples} lays out, with
 * {@code ./ferry} there starting the packaged jar; a line that fails fails the block. A block marked
 * {@code <!-- fragment: WHY -->} on the line before it is not run, and is checked as far as it can be:
 * each {@code ferry} command line of a shell fragment parses against the command line, a Groovy
 * runbook compiles against the DSL (a block of runbook clauses inside a runbook), a Java fragment
 * compiles against the API ({@code <!-- fragment: given TYPE NAME, ... -->} names what it assumes; for
 * an abridged Groovy runbook, {@code given NAME, ...} names the helper functions it leaves out).
 * A block marked {@code <!-- output -->} is a transcript: each line that begins {@code $ } is a command,
 * run in its place among the README's blocks, and the lines after it are what the command prints
 * (standard output and error together), compared once what legitimately varies is set aside: run ids,
 * timestamps, durations in milliseconds and the directory's own path (shown as {@code ~/ferry-examples});
 * a line {@code ...} stands for any lines, {@code ...} within a line for any text. A command ends with
 * exit 0 unless its comment says {@code # exit N}. A block whose first line names a file the examples
 * directory holds ({@code // V5__copy_app_secrets.jsh}) is that file. Every other fenced block fails
 * the first feature: a new example is run unless it says why not. The examples directory is the one
 * {@link ExamplesLayout} laid out for every specification that runs the examples.
 */
class DocumentationExamplesIT extends Specification {

    static final Path ROOT = Path.of(System.getProperty('ferry.root', '..')).toAbsolutePath().normalize()
    static final String PASSPHRASE = 'a long passphrase'
    /** Where the README has the reader lay out the examples, in place of the test's directory in what a command prints. */
    static final String READER_DIRECTORY = '~/ferry-examples'

    /** A reader types the id of the run a command printed where the README says RUN: the newest run. */
    static final String LAST_RUN = """last_run() { ./ferry runs --output json | sed -n 's/^  "id" : "\\(.*\\)",\$/\\1/p' | head -n 1; }\n"""

    static final List<Block> BLOCKS = Block.read(ROOT.resolve('README.md')) + Block.read(ROOT.resolve('runbooks/README.md'))

    @Shared
    @TempDir
    Path shared

    /** The directory ferry examples laid out once; each README's blocks run in a copy of their own. */
    @Shared
    Path examples

    def setupSpec() {
        examples = ExamplesLayout.directory()
    }

    def "every fenced block of the READMEs is run, or says what it is"() {
        expect:
        BLOCKS.findAll { it.kind() == null }*.where == []
    }

    def "#block.where runs as written"() {
        given: 'the directory of its README, which a reader walks top to bottom'
        def dir = shared.resolve('run').resolve(block.readme.replaceAll(/[^A-Za-z0-9]/, '-'))
        if (!Files.exists(dir)) {
            ExamplesLayout.copy(dir)
        }

        expect: 'a block runs to the end; a transcript prints what it shows'
        block.kind() == Block.Kind.RUN ? runs(block, dir) : printsWhatItShows(block, dir)

        cleanup:
        process(dir, ['./ferry', 'emulate', 'stop'])

        where:
        block << BLOCKS.findAll { it.kind() in [Block.Kind.RUN, Block.Kind.TRANSCRIPT] }
    }

    def "#block.where, a shell fragment, holds ferry command lines that parse"() {
        expect:
        block.ferryCommands().every { args ->
            try {
                new Main(Host.system()).commandLine().parseArgs(args as String[])
                true
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError("${block.where}: ferry ${args.join(' ')}: ${e.message}")
            }
        }

        where:
        block << BLOCKS.findAll { it.kind() == Block.Kind.FRAGMENT && it.language in ['bash', ''] && it.ferryCommands() }
    }

    def "#block.where, a Groovy fragment, compiles against the runbook DSL"() {
        given:
        def dir = Files.createDirectories(shared.resolve('groovy').resolve(block.where.replaceAll(/[^A-Za-z0-9]/, '-')))
        def text = block.text.contains('runbook {') ? block.text : "runbook {\nsource 'memory:a'\ntarget 'memory:b'\n${block.text}\n}\n"
        // the helper functions an abridged runbook leaves out, named in its marker: given NAME, ...
        def helpers = block.given().split(/,\s*/).findAll().collect { "def ${it}(Object... arguments) { null }" }.join('\n')
        Files.writeString(dir.resolve('V1__fragment.groovy'), helpers + '\n' + text)
        def ferry = Ferry.configure().workingDirectory(dir).stateFile(dir.resolve('state').resolve('state.db'))
                .journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(new ProviderContext(dir, [:], ProviderContext.PassphraseSource.none())).load()

        expect:
        ferry.load(dir.resolve('V1__fragment.groovy')) != null

        cleanup:
        ferry?.close()

        where:
        block << BLOCKS.findAll { it.language == 'groovy' && it.kind() in [Block.Kind.FRAGMENT, Block.Kind.FILE] && it.text =~ /runbook \{|^monitoring/ }
    }

    def "#block.where, a Java fragment, compiles against the API"() {
        given:
        def dir = Files.createDirectories(shared.resolve('java').resolve(block.where.replaceAll(/[^A-Za-z0-9]/, '-')))
        def source = dir.resolve('Fragment.java')
        Files.writeString(source, """
                import io.ferry.api.*; import io.ferry.runbook.*; import io.ferry.secret.*; import io.ferry.spi.*;
                import io.ferry.state.*; import io.ferry.strategy.*; import java.nio.file.*; import java.time.*; import java.util.*;
                class Fragment {
                    void example(${block.given()}) throws Exception {
                ${block.text}
                    }
                }""".stripIndent())
        def errors = new StringWriter()

        expect:
        ToolProvider.systemJavaCompiler.getTask(errors, null, null,
                ['-proc:none', '-d', dir.toString(), '-cp', System.getProperty('java.class.path')], null,
                ToolProvider.systemJavaCompiler.getStandardFileManager(null, null, null).getJavaFileObjects(source.toFile())).call()
        errors.toString() == ''

        where:
        block << BLOCKS.findAll { it.kind() == Block.Kind.FRAGMENT && it.language == 'java' }
    }

    def "#block.where is the file of the examples directory that its first line names"() {
        expect:
        Files.readString(examples.resolve(block.fileName())) == block.text

        where:
        block << BLOCKS.findAll { it.kind() == Block.Kind.FILE }
    }

    /** Runs a bash block whole; a line that fails fails it. */
    private boolean runs(Block block, Path dir) {
        Files.writeString(dir.resolve('example.sh'), LAST_RUN + block.script())
        def result = process(dir, ['bash', '-e', '-o', 'pipefail', 'example.sh'])
        assert result.exitCode == 0: "${block.where} exited ${result.exitCode}"
        true
    }

    /** Runs each command of a transcript, and compares what it printed with what the README shows. */
    private boolean printsWhatItShows(Block block, Path dir) {
        block.transcript().every { step ->
            def command = step.command.replaceAll(/(?<=\s)RUN(?=\s|$)/, Matcher.quoteReplacement('$(last_run)'))
            Files.writeString(dir.resolve('example.sh'), LAST_RUN + "{\n${command}\n} 2>&1\n")
            def result = process(dir, ['bash', '-o', 'pipefail', 'example.sh'])
            def printed = Transcript.normalised(result.out, dir)
            assert result.exitCode == step.exitCode: "${block.where}: \$ ${step.command} exited ${result.exitCode}, not ${step.exitCode}:\n$printed"
            assert printed ==~ Transcript.pattern(step.expected): "${block.where}: \$ ${step.command} printed\n$printed\nwhere the README shows\n${step.expected}"
            true
        }
    }

    private FerryCli.Result process(Path directory, List<String> command) {
        def result = ExamplesLayout.run(directory, command, shared,
                [FERRY_LOCAL_PASSPHRASE: PASSPHRASE, FERRY_JOURNAL_KEY_FILE: shared.resolve('journal.key').toString()])
        if (result.exitCode != 0) {
            System.err.println("${command.join(' ')} in ${directory} exited ${result.exitCode}\n${result.out}\n${result.err}")
        }
        result
    }

    /** A fenced block of a README, with the marker on the line before it. */
    static class Block {

        enum Kind { RUN, FRAGMENT, TRANSCRIPT, FILE }

        String where
        String readme
        String language
        String marker
        String text

        static List<Block> read(Path readme) {
            def blocks = []
            def lines = Files.readAllLines(readme)
            def name = ROOT.relativize(readme).toString()
            for (int i = 0; i < lines.size(); i++) {
                def open = lines[i] =~ /^```(\w*)\s*$/
                if (!open.matches()) {
                    continue
                }
                int start = i
                int end = ((i + 1)..<lines.size()).find { lines[it].startsWith('```') }
                def before = (start - 1..0).collect { lines[it] }.find { !it.isBlank() }
                def marker = before != null && before.trim().startsWith('<!--') ? before.trim() : null
                blocks << new Block(where: "$name:${start + 1}", readme: name, language: open.group(1), marker: marker,
                        text: lines.subList(start + 1, end).join('\n') + '\n')
                i = end
            }
            blocks
        }

        Kind kind() {
            if (marker?.startsWith('<!-- fragment')) {
                return Kind.FRAGMENT
            }
            if (marker == '<!-- output -->') {
                // output is shown with the command that prints it, or it cannot be compared
                return text.startsWith('$ ') ? Kind.TRANSCRIPT : null
            }
            if (fileName() != null) {
                return Kind.FILE
            }
            language == 'bash' && marker == null ? Kind.RUN : null
        }

        /** @return the file of the examples directory the block's first line names, as in {@code // V1__copy.groovy} */
        String fileName() {
            def first = text.readLines().find()
            def named = first =~ /^\/\/ ([\w\/-]+\.(groovy|jsh))(,|$)/
            named.find() ? named.group(1) : null
        }

        /**
         * @return the block as a script: RUN is the newest run, as a reader types the id a command
         *     printed; a line whose comment begins {@code # exit N} must end with N, every other with 0
         */
        String script() {
            text.replaceAll(/(?m)(?<=\s)RUN(?=\s|$)/, Matcher.quoteReplacement('$(last_run)')).readLines().collect { line ->
                def expected = line =~ /#\s*exit (\d+)\b/
                expected.find() ? "set +e\n${line}\nrc=\$?\nset -e\n[ \$rc -eq ${expected.group(1)} ] || { echo \"expected exit ${expected.group(1)}, got \$rc\" >&2; exit 1; }" : line
            }.join('\n') + '\n'
        }

        /** @return a transcript's commands, each with its exit code and the lines it prints */
        List<Transcript> transcript() {
            def steps = []
            text.readLines().each { line ->
                if (line.startsWith('$ ')) {
                    def expected = line =~ /#\s*exit (\d+)\b/
                    steps << new Transcript(command: line.substring(2), exitCode: expected.find() ? expected.group(1) as int : 0, expected: '')
                } else {
                    steps.last().expected += line + '\n'
                }
            }
            steps
        }

        /** @return the parameters a Java fragment assumes, from {@code <!-- fragment: given TYPE NAME, ... -->} */
        String given() {
            def given = marker =~ /given (.*?) -->/
            given.find() ? given.group(1) : ''
        }

        /** @return the arguments of each {@code ferry} command line of a shell block */
        List<List<String>> ferryCommands() {
            text.readLines().collect { line ->
                def words = words(line)
                int at = words.findIndexOf { it == './ferry' || it == 'ferry' }
                at < 0 ? null : words.subList(at + 1, words.size()).takeWhile { !(it in ['|', '&&', ';']) && !it.startsWith('>') }
            }.findAll { it }
        }

        /** Splits a shell line into words: quotes grouped, a comment dropped. */
        private static List<String> words(String line) {
            def words = []
            def word = new StringBuilder()
            boolean started = false
            Character quote = null
            for (char c : line.toCharArray()) {
                if (quote != null) {
                    if (c == quote) {
                        quote = null
                    } else {
                        word << c
                    }
                } else if (c == '\'' as char || c == '"' as char) {
                    quote = c
                    started = true
                } else if (c == '#' as char && !started) {
                    break
                } else if (Character.isWhitespace(c)) {
                    if (started) {
                        words << word.toString()
                        word.setLength(0)
                        started = false
                    }
                } else {
                    word << c
                    started = true
                }
            }
            if (started) {
                words << word.toString()
            }
            words
        }
    }

    /** One command of a transcript: what is typed, the exit code it ends with and what it prints. */
    static class Transcript {

        String command
        int exitCode
        String expected

        /** @return what a command printed, with what varies between runs set aside as the README writes it */
        static String normalised(String printed, Path directory) {
            printed.replace(directory.toString(), READER_DIRECTORY)
                    .replaceAll(/\b\d{8}-\d{6}-[0-9a-f]{4}\b/, 'RUN-ID')
                    .replaceAll(/\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z| UTC)?/, 'TIME')
                    .replaceAll(/\b\d+ ms\b/, 'N ms')
        }

        /** @return the README's lines as a pattern: what varies set aside as in what was printed, {@code ...} for anything */
        static String pattern(String expected) {
            normalised(expected, Path.of(READER_DIRECTORY)).readLines().collect { line ->
                line.trim() == '...' ? '(?:.*\n)*' : line.split(/\.\.\./, -1).collect { Pattern.quote(it) }.join('.*') + '\n'
            }.join('')
        }
    }
}
