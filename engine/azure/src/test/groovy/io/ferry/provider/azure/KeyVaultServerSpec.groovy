package io.ferry.provider.azure

import com.fasterxml.jackson.databind.ObjectMapper
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.Emulator
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.azure.KeyVaultServer
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import spock.lang.AutoCleanup
import spock.lang.Specification

/** The Key Vault test server on the wire, as a plain HTTPS client sees it, without the Azure SDK. */
class KeyVaultServerSpec extends Specification {

    static final String API = 'api-version=7.6'
    static final ObjectMapper JSON = new ObjectMapper()

    @AutoCleanup
    KeyVaultFixture vault = new KeyVaultFixture()
    HttpClient http = HttpClient.newBuilder().sslContext(TrustedCa.context(vault.ca)).build()

    HttpResponse<String> send(String method, String path, Map body = null, String token = vault.server.token()) {
        def builder = HttpRequest.newBuilder(URI.create("${vault.server.endpoint()}$path"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header('Content-Type', 'application/json')
        if (token != null) {
            builder.header('Authorization', "Bearer $token")
        }
        http.send(builder.build(), HttpResponse.BodyHandlers.ofString())
    }

    static Map json(HttpResponse<String> response) {
        JSON.readValue(response.body(), Map)
    }

    def "an unauthenticated request gets 401 with the bearer challenge the SDK expects"() {
        when:
        def response = send('GET', "/secrets?$API", null, null)

        then:
        response.statusCode() == 401
        response.headers().firstValue('WWW-Authenticate').get() ==
                "Bearer authorization=\"https://login.microsoftonline.com/${KeyVaultServer.TENANT}\", resource=\"https://vault.azure.net\""
        json(response).error.code == 'Unauthorized'
    }

    def "an unknown token and an expired one are refused with 401, the latter saying it expired"() {
        given:
        vault.server.acceptToken('old-token').expireToken('old-token')

        expect:
        send('GET', "/secrets?$API", null, 'not-issued').statusCode() == 401
        with(send('GET', "/secrets?$API", null, 'old-token')) {
            statusCode() == 401
            json(it).error.message.contains('TokenExpired')
        }
    }

    def "a request without api-version is refused with 400"() {
        expect:
        with(send('GET', '/secrets')) {
            statusCode() == 400
            json(it).error.code == 'MissingApiVersionParameter'
        }
    }

    def "a set returns a 32-hex version; names keep their case and are found without it"() {
        when:
        def set = json(send('PUT', "/secrets/Db-Pass?$API", [value: 'v1', contentType: 'text/plain', tags: [env: 'prod']]))
        def read = json(send('GET', "/secrets/DB-PASS/?$API"))

        then:
        set.id ==~ "${vault.server.endpoint()}/secrets/Db-Pass/[0-9a-f]{32}"
        read.id == set.id
        read.value == 'v1'
        read.contentType == 'text/plain'
        read.tags == [env: 'prod']
        read.attributes.enabled == true
        read.attributes.recoveryLevel == 'Recoverable+Purgeable'
        read.attributes.created instanceof Number
    }

    def "Key Vault's limits are refused with 400 BadParameter: #what"() {
        expect:
        with(send('PUT', "/secrets/$name?$API", body)) {
            statusCode() == 400
            json(it).error.code == 'BadParameter'
        }

        where:
        what                      | name        | body
        'a name with underscore'  | 'bad_name'  | [value: 'v']
        'a 128-character name'    | 'n' * 128   | [value: 'v']
        'a value over 25,600 B'   | 'big'       | [value: 'x' * 25_601]
        '16 tags'                 | 'tagged'    | [value: 'v', tags: (1..16).collectEntries { ["t$it", 'v'] }]
        'a 256-char content type' | 'typed'     | [value: 'v', contentType: 'c' * 256]
        'no value'                | 'novalue'   | [contentType: 'text/plain']
    }

    def "a disabled secret's value is refused with 403 SecretDisabled"() {
        given:
        send('PUT', "/secrets/off?$API", [value: 'v', attributes: [enabled: false]])

        expect:
        with(send('GET', "/secrets/off?$API")) {
            statusCode() == 403
            json(it).error.innererror.code == 'SecretDisabled'
        }
    }

    def "soft delete: the name is held (409 ObjectIsDeletedButRecoverable), recover brings it back, purge frees it"() {
        given:
        send('PUT', "/secrets/gone?$API", [value: 'v'])

        when:
        def deleted = send('DELETE', "/secrets/gone?$API")
        def blocked = send('PUT', "/secrets/gone?$API", [value: 'w'])

        then:
        deleted.statusCode() == 200
        json(deleted).recoveryId == "${vault.server.endpoint()}/deletedsecrets/gone"
        send('GET', "/secrets/gone?$API").statusCode() == 404
        json(send('GET', "/secrets/gone?$API")).error.code == 'SecretNotFound'
        send('GET', "/deletedsecrets/gone?$API").statusCode() == 200
        blocked.statusCode() == 409
        json(blocked).error.innererror.code == 'ObjectIsDeletedButRecoverable'

        when:
        def recovered = send('POST', "/deletedsecrets/gone/recover?$API")

        then:
        recovered.statusCode() == 200
        json(send('GET', "/secrets/gone?$API")).value == 'v'

        when:
        send('DELETE', "/secrets/gone?$API")
        def purged = send('DELETE', "/deletedsecrets/gone?$API")

        then:
        purged.statusCode() == 204
        send('GET', "/deletedsecrets/gone?$API").statusCode() == 404
        send('PUT', "/secrets/gone?$API", [value: 'new']).statusCode() == 200
    }

    def "a secret being deleted can be neither purged nor set (409) until its deletion completes"() {
        given:
        vault.server.deletionDelay(java.time.Duration.ofMinutes(10))
        send('PUT', "/secrets/slow?$API", [value: 'v'])
        send('DELETE', "/secrets/slow?$API")

        expect:
        send('GET', "/deletedsecrets/slow?$API").statusCode() == 404
        with(send('DELETE', "/deletedsecrets/slow?$API")) {
            statusCode() == 409
            json(it).error.message.contains('currently being deleted')
        }
        send('PUT', "/secrets/slow?$API", [value: 'w']).statusCode() == 409
    }

    def "listings page with maxresults and nextLink, in name order without regard to case"() {
        given:
        ['b', 'A', 'c', 'D', 'e'].each { send('PUT', "/secrets/$it?$API", [value: 'v']) }

        when:
        def names = []
        def next = "${vault.server.endpoint()}/secrets?$API&maxresults=2"
        def pages = 0
        while (next) {
            def page = json(send('GET', next.substring(vault.server.endpoint().toString().length())))
            names += page.value*.id.collect { it.tokenize('/')[-1] }
            next = page.nextLink
            pages++
        }

        then:
        names == ['A', 'b', 'c', 'D', 'e']
        pages == 3
        send('GET', "/secrets?$API&maxresults=26").statusCode() == 400
    }

    def "the versions listing gives every version's id, oldest first"() {
        given:
        def ids = (1..3).collect { json(send('PUT', "/secrets/v?$API", [value: "v$it".toString()])).id }

        expect:
        json(send('GET', "/secrets/v/versions?$API")).value*.id == ids
    }

    def "over its write quota the server answers 429 Throttled with Retry-After, and counts it"() {
        given:
        vault.server.knobs().quota(Operation.WRITE, 1)

        when:
        def answers = (1..5).collect { send('PUT', "/secrets/q?$API", [value: 'v']) }

        then:
        answers.any { it.statusCode() == 429 }
        answers.findAll { it.statusCode() == 429 }.every {
            it.headers().firstValue('Retry-After').present && json(it).error.code == 'Throttled'
        }
        vault.server.stats().throttled() == answers.count { it.statusCode() == 429 }
    }

    def "the emulator is found by name, and its hints give the CA file it wrote in a private directory and the token to use"() {
        given:
        def emulator = ServiceLoader.load(Emulator).find { it.name() == 'azure' }
        def server = emulator.create(new ServerKnobs()).start(0) as KeyVaultServer

        when:
        def hints = emulator.connectionHints(server)
        def caFile = Path.of(hints.find { it.startsWith('CA certificate: ') }.substring('CA certificate: '.length()))

        then:
        hints.any { it.contains(server.endpoint().toString()) }
        hints.any { it.contains(server.token()) }
        hints.any { it.contains("ca=${caFile}") }
        Files.readString(caFile) == server.caCertificatePem()

        and: "only its owner can enter the directory or read the file"
        caFile.parent.fileName.toString().startsWith("ferry-azure-emulator-${server.port()}-")
        PosixFilePermissions.toString(Files.getPosixFilePermissions(caFile.parent)) == 'rwx------'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(caFile)) == 'rw-------'

        cleanup:
        server?.close()
        if (caFile != null) {
            Files.deleteIfExists(caFile)
            Files.deleteIfExists(caFile.parent)
        }
    }
}
