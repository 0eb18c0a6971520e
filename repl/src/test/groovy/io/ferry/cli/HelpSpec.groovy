package io.ferry.cli

import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Path

class HelpSpec extends Specification {

    @TempDir
    Path dir

    def "ferry #command --help exits 0 and describes the command"() {
        when:
        def result = new FerryCli(dir).run(*command.split(' '), '--help')

        then:
        result.exitCode == 0
        result.out.contains("Usage: ferry $command")
        result.err.isEmpty()

        where:
        command << ['run', 'plan', 'apply', 'resume', 'rollback', 'runs', 'show', 'ls', 'get', 'put', 'copy', 'diff',
                    'providers', 'demo', 'examples']
    }

    def "ferry --help lists every command and the exit codes"() {
        when:
        def result = new FerryCli(dir).run('--help')

        then:
        result.exitCode == 0
        ['run', 'plan', 'apply', 'resume', 'rollback', 'runs', 'show', 'ls', 'get', 'put', 'copy', 'diff', 'providers', 'demo', 'examples']
                .every { result.out =~ /(?m)^\s+$it\s/ }
        result.out.contains('Exit codes:')
        result.out.contains('130')
    }

    def "ferry --version prints the version"() {
        when:
        def result = new FerryCli(dir).run('--version')

        then:
        result.exitCode == 0
        result.out.startsWith('ferry ')
        !result.out.contains('${')
    }

    def "#args exits with #code"() {
        when:
        def result = new FerryCli(dir).run(*args)

        then:
        result.exitCode == code
        result.err.contains(message)

        where:
        args                          || code | message
        []                            || 2    | 'Missing command'
        ['provders']                  || 2    | "unknown command 'provders' (did you mean 'ferry providers'?)"
        ['provders', '--help']        || 2    | "unknown command 'provders' (did you mean 'ferry providers'?)"
        ['NOSUCHCOMMAND', '--help']   || 2    | "unknown command 'NOSUCHCOMMAND'"
        ['--help', 'NOSUCHCOMMAND']   || 2    | "unknown command 'NOSUCHCOMMAND'"
        ['show', 'a', 'b', '--help']  || 2    | "Unmatched argument at index 2: 'b'"
        ['runs', '--bogus']           || 2    | "Unknown option: '--bogus'"
        ['show']                      || 2    | "Missing required parameter: 'RUN'"
        ['copy', '--concurrency', 'x', 'memory:a', 'memory:b'] || 2 | "Invalid value for option '--concurrency'"
    }

    def "a usage error is one line that points to the help"() {
        when:
        def result = new FerryCli(dir).run('show', 'a', 'b')

        then:
        result.exitCode == 2
        result.err.readLines() == ["ferry: Unmatched argument at index 2: 'b'; see: ferry show --help"]
    }

    def "global options may follow the subcommand"() {
        when:
        def result = new FerryCli(dir).run('runs', '--state', 'elsewhere/state.db')

        then:
        result.exitCode == 0
        result.out.contains(dir.resolve('elsewhere/state.db').toString())
    }
}
