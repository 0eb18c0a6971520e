package io.ferry.cli

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import io.ferry.cli.host.Host
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderSpec
import io.ferry.state.StateException
import picocli.CommandLine
import spock.lang.Specification

import java.nio.file.Path

class FailureHandlerSpec extends Specification {

    def "#failure.class.simpleName becomes exit code #code and one line"() {
        given:
        def main = new Main(new Host(Path.of('.'), [:], new ByteArrayInputStream(new byte[0]), Host.Terminal.none()))
        def commandLine = main.commandLine()
        def err = new StringWriter()
        commandLine.err = new PrintWriter(err)

        when:
        int exit = new FailureHandler(main).handleExecutionException(failure, commandLine, null)

        then:
        exit == code
        err.toString().readLines() == [line]

        where:
        failure                                                                    || code | line
        new FerryException(ExitCode.VALIDATION_FAILED, 'match rate too low')        || 3    | 'ferry: match rate too low'
        new FerryException(ExitCode.PLAN_BLOCKED, 'blocked')                        || 4    | 'ferry: blocked'
        new FerryException(ExitCode.STOPPED, 'stopped')                             || 5    | 'ferry: stopped'
        new FerryException(ExitCode.INTERRUPTED, 'interrupted')                     || 130  | 'ferry: interrupted'
        ferryMade { ProviderSpec.parse('no scheme') }                               || 2    | "ferry: 'no scheme' is not a provider URI; write SCHEME:LOCATION, for example local:secrets.db or memory:"
        new IllegalArgumentException('bad glob')                                    || 2    | 'ferry: IllegalArgumentException (message withheld: it may hold a value)'
        new ProviderException(ProviderException.Kind.DENIED, 'k', 'access denied\nat line 2') || 6 | 'ferry: access denied\\nat line 2'
        new StateException('state store is locked')                                 || 6    | 'ferry: state store is locked'
        new UncheckedIOException(new IOException('disk full'))                      || 6    | 'ferry: UncheckedIOException (message withheld: it may hold a value)'
        new NullPointerException()                                                  || 6    | 'ferry: NullPointerException'
    }

    def "a usage error maps to exit code 2"() {
        given:
        def main = new Main(new Host(Path.of('.'), [:], new ByteArrayInputStream(new byte[0]), Host.Terminal.none()))

        expect:
        new FailureHandler(main).getExitCode(new CommandLine.ParameterException(main.commandLine(), 'wrong')) == 2
    }

    /** What Ferry's own code throws: its message is shown; one made anywhere else is withheld. */
    private static Throwable ferryMade(Closure<?> action) {
        try {
            action()
        } catch (RuntimeException e) {
            return e
        }
        throw new AssertionError('nothing was thrown')
    }
}
