package io.ferry.cli

import picocli.CommandLine
import spock.lang.Specification

/**
 * {@code ferry --help} and {@code ferry --version} are answered by {@link FerryCommand} alone, with
 * the subcommands named and described from their annotations: what they print must stay exactly
 * what the whole command, {@link Main} with every subcommand built, prints.
 */
class FerryCommandSpec extends Specification {

    def "the help without the subcommands is the whole command's help, #width columns wide"() {
        given:
        CommandLine whole = new Main().commandLine().setUsageHelpWidth(width)
        CommandLine alone = FerryCommand.helpAndVersion().setUsageHelpWidth(width)

        expect:
        alone.usageMessage == whole.usageMessage

        where:
        width << [55, 80, 120, 200]
    }

    def "#args prints what the whole command prints, and exits as it does"() {
        given:
        def whole = answer(new Main().commandLine(), args)
        def alone = answer(FerryCommand.helpAndVersion(), args)

        expect:
        alone == whole
        alone.code == 0
        !alone.out.isEmpty()

        where:
        args << [['--help'], ['-h'], ['--version'], ['-V'], ['--help', '--version'], ['-V', '-h']]
    }

    def "#args #answered by the command alone"() {
        expect:
        FerryCommand.asksOnlyHelpOrVersion(*args) == alone

        where:
        args                       || alone
        ['--help']                 || true
        ['-h']                     || true
        ['--version']              || true
        ['-V', '--help']           || true
        ['--version', '--version'] || false
        ['-h', '--help']           || false
        []                         || false
        ['-hV']                    || false
        ['run', '--help']          || false
        ['--help', 'run']          || false
        ['--verbose', '--version'] || false
        ['--state', '--help']      || false

        answered = alone ? 'is answered' : 'is not answered'
    }

    def "the names of the commands read from their annotations are the names the whole command knows"() {
        expect:
        Main.commandNames() == new Main().commandLine().subcommands.keySet().toList()
    }

    private static Map answer(CommandLine commandLine, List<String> args) {
        def out = new StringWriter()
        def err = new StringWriter()
        commandLine.out = new PrintWriter(out)
        commandLine.err = new PrintWriter(err)
        int code = commandLine.execute(*args)
        [code: code, out: out.toString(), err: err.toString()]
    }
}
