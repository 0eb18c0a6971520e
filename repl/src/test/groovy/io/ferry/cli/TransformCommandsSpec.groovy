package io.ferry.cli

import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

class TransformCommandsSpec extends Specification {

    @TempDir
    Path dir

    FerryCli cli

    def setup() {
        cli = new FerryCli(dir)
    }

    void script(String name, String body) {
        Files.createDirectories(dir.resolve('transforms'))
        Files.writeString(dir.resolve("transforms/${name}.groovy"), body)
    }

    void input(String json) {
        Files.writeString(dir.resolve('record.json'), json)
    }

    def "ferry transforms lists the built-ins with what they do, and with --dir the scripts"() {
        given:
        script('mask-host', "// masks host names\nnull")

        when:
        def builtIns = cli.run('transforms')
        def withScripts = cli.run('transforms', '--dir', '.')

        then:
        builtIns.exitCode == 0
        builtIns.out =~ /(?m)^explode\s+one JSON record into one record per field/
        builtIns.out =~ /(?m)^collapse\s+records sharing a prefix/
        builtIns.out =~ /(?m)^rename\s+/
        !builtIns.out.contains('mask-host')
        withScripts.out =~ /(?m)^mask-host\s+masks host names$/
    }

    def "ferry transform applies a script to a record from a file and prints the result with its value"() {
        given:
        script('mask-host', "rec.key = rec.key + params.suffix; rec.tags.masked = 'yes'; flag 'check me'; null")
        input('{"key": "db/host", "value": "db1.example", "tags": {"env": "prod"}, "expiresAt": "2030-01-01T00:00:00Z"}')

        when:
        def result = cli.run('transform', 'mask-host', '--arg', 'suffix=.internal', '--input', 'record.json', '--dir', '.')

        then:
        result.exitCode == 0
        result.json() == [records: [[key: 'db/host.internal', value: 'db1.example', contentType: 'text/plain',
                                     tags: [env: 'prod', masked: 'yes'], expiresAt: '2030-01-01T00:00:00Z']],
                          flags: ['check me'], skipped: null, log: []]
    }

    def "ferry transform explodes a JSON record into one record per field"() {
        given:
        input('{"key": "db", "value": "{\\"user\\": \\"app\\", \\"port\\": 5432}", "contentType": "application/json"}')

        when:
        def result = cli.run('transform', 'explode', '--arg', 'pattern=${key}.${field}', '--input', 'record.json')

        then:
        result.exitCode == 0
        result.json().records.collect { [it.key, it.value] } == [['db.user', 'app'], ['db.port', '5432']]
    }

    def "ferry transform reports the skip reason and passes binary values as Base64"() {
        given:
        script('drop', "skip 'not wanted'")
        input('{"key": "k", "valueBase64": "AAEC"}')

        when:
        def result = cli.run('transform', 'drop', '--input', 'record.json', '--dir', '.')

        then:
        result.exitCode == 0
        result.json().records == []
        result.json().skipped == 'not wanted'
    }

    def "ferry transform refuses bad input in one line: #problem"() {
        given:
        input(json)

        when:
        def result = cli.run(['transform', name, '--input', 'record.json'] + extra as String[])

        then:
        result.exitCode == 2
        result.err.strip().lines().count() == 1
        result.err.contains(message)

        where:
        problem                 | name      | json                                 | extra                  || message
        'not JSON'              | 'explode' | '{nope'                              | []                     || 'cannot read'
        'no key'                | 'explode' | '{"value": "x"}'                     | []                     || 'non-empty "key"'
        'no value'              | 'explode' | '{"key": "k"}'                       | []                     || 'exactly one of "value"'
        'a bad expiry'          | 'explode' | '{"key": "k", "value": "v", "expiresAt": "soon"}' | []     || 'ISO-8601'
        'an unknown transform'  | 'explodd' | '{"key": "k", "value": "v"}'         | []                     || "unknown transform 'explodd' (did you mean 'explode'?)"
        'a bad argument'        | 'explode' | '{"key": "k", "value": "v"}'         | ['--arg', 'pattern']   || "argument 'pattern' is not key=value"
        'a failing transform'   | 'explode' | '{"key": "k", "value": "v"}'         | []                     || 'transform explode failed on record.json'
    }

    def "ferry copy applies --transform options in order"() {
        given:
        def source = "memory:src-${UUID.randomUUID()}"
        def target = "memory:dst-${UUID.randomUUID()}"
        cli.write(source, SecretRecord.builder('db').value(SecretRecord.jsonValue([user: 'app', password: 'pw']))
                .contentType(SecretRecord.JSON).build())
        script('shout', "rec.key = rec.key.toUpperCase(); null")

        when:
        def copy = cli.run('copy', source, target, '--transform', 'explode:pattern=${key}-${field}', '--transform', 'shout', '--yes')

        then:
        copy.exitCode == 0
        cli.keys(target) == ['DB-PASSWORD', 'DB-USER']
        cli.read(target, 'DB-USER').value().text() == 'app'
    }

    def "ferry copy refuses an unknown --transform in one line listing the known ones"() {
        when:
        def copy = cli.run('copy', 'memory:a', 'memory:b', '--transform', 'explod', '--yes')

        then:
        copy.exitCode == 2
        copy.err.strip().lines().count() == 1
        copy.err.contains("unknown transform 'explod' (did you mean 'explode'?); built-in transforms: "
                + io.ferry.transform.TransformRegistry.load().factories()*.name().join(', '))
    }
}
