package io.ferry.cli

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Path

class StoreCommandsSpec extends Specification {

    static final String CANARY = 'canary-7f3e9b21-do-not-print'

    @TempDir
    Path dir

    FerryCli cli
    String store

    def setup() {
        cli = new FerryCli(dir)
        store = 'store-' + UUID.randomUUID()
        SharedMemoryStores.put(store, SecretRecord.builder('app/db-password').text(CANARY).tag('env', 'dev').build())
        SharedMemoryStores.put(store, SecretRecord.builder('app/blob').value(SecretValue.ofBytes([0, 1, 2, 255] as byte[])).build())
        SharedMemoryStores.put(store, SecretRecord.ofText('legacy/token', 'legacy-value'))
    }

    def "get shows metadata and masks the value"() {
        when:
        def result = cli.run('get', "testmem:$store", 'app/db-password')

        then:
        result.exitCode == 0
        result.out.contains('key:          app/db-password')
        result.out.contains('tags:         env=dev')
        result.out =~ /value: +\*{8} \(${CANARY.length()} bytes, text, fingerprint hmac:[0-9a-f]{32}\)/
        !result.out.contains(CANARY)
        !result.err.contains(CANARY)
    }

    def "get shows the same fingerprint for the same value every time"() {
        given:
        SharedMemoryStores.put(store, SecretRecord.ofText('copy-of-password', CANARY))

        expect:
        fingerprint(cli.run('get', "testmem:$store", 'app/db-password')) == fingerprint(cli.run('get', "testmem:$store", 'copy-of-password'))
        fingerprint(cli.run('get', "testmem:$store", 'app/db-password')) != fingerprint(cli.run('get', "testmem:$store", 'legacy/token'))
    }

    def "get --reveal prints the value alone to standard output"() {
        when:
        def result = cli.run('get', "testmem:$store", 'app/db-password', '--reveal')

        then:
        result.exitCode == 0
        result.out == CANARY + System.lineSeparator()
        result.err.isEmpty()
    }

    def "get --reveal prints a binary value as base64 and says so on standard error"() {
        when:
        def result = cli.run('get', "testmem:$store", 'app/blob', '--reveal')

        then:
        result.exitCode == 0
        result.out.trim() == 'AAEC/w=='
        result.err.contains('binary')
    }

    def "get of a missing key says how to list the keys and exits with 1"() {
        when:
        def result = cli.run('get', "testmem:$store", 'nope')

        then:
        result.exitCode == 1
        result.err.readLines() == ["ferry: no secret 'nope' in testmem:$store; list the keys with: ferry ls testmem:$store"]
    }

    def "ls lists keys, versions and tags but never values"() {
        when:
        def result = cli.run('ls', "testmem:$store")

        then:
        result.exitCode == 0
        result.out.readLines()[0] =~ /^KEY +VERSION +UPDATED +TAGS$/
        result.out.readLines().size() == 4
        result.out =~ /(?m)^app\/db-password +1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC +env=dev$/
        !result.out.contains(CANARY)
        !result.out.contains('legacy-value')
    }

    def "ls with a prefix lists only the keys under it"() {
        when:
        def result = cli.run('ls', "testmem:$store", 'legacy/')

        then:
        result.exitCode == 0
        result.out.readLines().drop(1)*.split(' ')*.first() == ['legacy/token']
    }

    def "ls --output json is a JSON array of keys and metadata"() {
        when:
        def result = cli.run('ls', "testmem:$store", '--output', 'json')
        def json = result.json()

        then:
        result.exitCode == 0
        json*.key == ['app/blob', 'app/db-password', 'legacy/token']
        json.find { it.key == 'app/db-password' }.tags == [env: 'dev']
        !result.out.contains(CANARY)
    }

    def "put reads the value from standard input and keeps existing tags"() {
        when:
        def result = cli.runWithInput('new-value\n', 'put', "testmem:$store", 'app/db-password', '--tag', 'team=core')

        then:
        result.exitCode == 0
        result.out.trim() == "updated app/db-password in testmem:$store (version 2, 9 bytes)"
        with(SharedMemoryStores.store(store).get('app/db-password')) {
            value().text() == 'new-value'
            tags() == [env: 'dev', team: 'core']
        }
    }

    def "put creates a new secret with a content type, and --raw keeps the line break"() {
        when:
        def result = cli.runWithInput('{"a":1}\n', 'put', "testmem:$store", 'app/new', '--content-type', 'application/json', '--raw')

        then:
        result.exitCode == 0
        result.out.startsWith('created app/new')
        with(SharedMemoryStores.store(store).get('app/new')) {
            value().text() == '{"a":1}\n'
            contentType() == 'application/json'
        }
    }

    def "put without a value on standard input refuses and writes nothing"() {
        when:
        def result = cli.runWithInput('', 'put', "testmem:$store", 'app/empty')

        then:
        result.exitCode == 2
        result.err.startsWith("ferry: no value for 'app/empty' on standard input")
        !SharedMemoryStores.store(store).containsKey('app/empty')
    }

    def "put on a terminal asks for the value without echo"() {
        given:
        cli.terminal = FerryCli.answering('typed-secret')

        when:
        def result = cli.run('put', "testmem:$store", 'app/typed')

        then:
        result.exitCode == 0
        SharedMemoryStores.store(store).get('app/typed').value().text() == 'typed-secret'
        !result.out.contains('typed-secret')
    }

    def "an unknown provider scheme is one line listing the known schemes, exit 2"() {
        when:
        def result = cli.run(command as String[])

        then:
        result.exitCode == 2
        result.err.readLines().size() == 1
        result.err.startsWith("ferry: unknown provider scheme 'nosuch'")
        result.err.contains('known schemes: ')
        result.err.contains('testmem')

        where:
        command << [['ls', 'nosuch:x'], ['get', 'nosuch:x', 'k'], ['diff', 'nosuch:x', 'testmem:y'],
                    ['copy', 'testmem:a', 'nosuch:x', '--yes']]
    }

    def "providers lists the known schemes with descriptions"() {
        when:
        def result = cli.run('providers')

        then:
        result.exitCode == 0
        result.out =~ /(?m)^testmem: +a store in the memory of the test JVM: testmem:NAME$/
    }

    private static String fingerprint(FerryCli.Result result) {
        def m = result.out =~ /fingerprint (hmac:[0-9a-f]+)/
        assert m.find()
        m.group(1)
    }
}
