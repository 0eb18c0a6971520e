package io.ferry.cli

import io.ferry.api.ExitCode
import io.ferry.api.FerryException
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import picocli.CommandLine
import spock.lang.Specification

class MetricsBindSpec extends Specification {

    def "--metrics-port listens on #place #when"() {
        given:
        def options = CommandLine.populateCommand(new MetricsOptions(), *(['--metrics-port', '0'] + bind))

        when:
        def server = options.serve { 'ferry_up 1\n' }
        def answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:${server.port()}/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())

        then:
        listens(server.address())
        answer.body() == 'ferry_up 1\n'

        cleanup:
        server?.close()

        where:
        place                 | when                            | bind                          | listens
        'the loopback address' | 'by default'                   | []                            | { InetAddress a -> a.hostAddress == '127.0.0.1' }
        'every interface'     | 'when --metrics-bind says so'   | ['--metrics-bind', '0.0.0.0'] | { InetAddress a -> a.anyLocalAddress }
    }

    def "a --metrics-bind that is not an address is a usage error naming the option"() {
        given:
        def options = CommandLine.populateCommand(new MetricsOptions(), '--metrics-port', '0', '--metrics-bind', 'no-such-host.invalid')

        when:
        options.serve { '' }

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.USAGE
        e.message == '--metrics-bind no-such-host.invalid is not an IP address or a name that resolves; give an IP address, ' +
                'such as 127.0.0.1 (the default) or 0.0.0.0 for every interface'
    }
}
