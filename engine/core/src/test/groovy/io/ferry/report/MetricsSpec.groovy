package io.ferry.report

import spock.lang.Specification
import spock.lang.TempDir

import java.net.InetAddress
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path

class MetricsSpec extends Specification {

    @TempDir
    Path dir

    def "the text format has one HELP and TYPE per metric and escapes label values"() {
        when:
        def text = new PrometheusText()
                .counter('ferry_records_processed_total', 'Records handled.', 12, 'migration', 'a"b\\c\nd')
                .counter('ferry_records_processed_total', 'Records handled.', 3, 'migration', 'other')
                .gauge('ferry_match_rate', 'Match rate.', 0.9975)
                .text()

        then:
        text == '''\
# HELP ferry_records_processed_total Records handled.
# TYPE ferry_records_processed_total counter
ferry_records_processed_total{migration="a\\"b\\\\c\\nd"} 12
ferry_records_processed_total{migration="other"} 3
# HELP ferry_match_rate Match rate.
# TYPE ferry_match_rate gauge
ferry_match_rate 0.997500
'''
    }

    def "a metrics file is replaced whole, for the textfile collector"() {
        given:
        def file = dir.resolve('collector/ferry.prom')

        when:
        MetricsFile.write(file, "ferry_x 1\n")
        MetricsFile.write(file, "ferry_x 2\n")

        then:
        Files.readString(file) == "ferry_x 2\n"
        Files.list(file.parent).count() == 1
    }

    def "the metrics server answers scrapes at /metrics with the current figures"() {
        given:
        int n = 0
        def server = MetricsServer.start(InetAddress.loopbackAddress, 0, { "ferry_scrapes ${++n}\n".toString() })
        def client = HttpClient.newHttpClient()
        def request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:${server.port()}/metrics")).build()

        when:
        def first = client.send(request, HttpResponse.BodyHandlers.ofString())
        def second = client.send(request, HttpResponse.BodyHandlers.ofString())

        then:
        first.statusCode() == 200
        first.headers().firstValue('Content-Type').get() == PrometheusText.CONTENT_TYPE
        first.body() == "ferry_scrapes 1\n"
        second.body() == "ferry_scrapes 2\n"

        cleanup:
        server?.close()
    }
}
