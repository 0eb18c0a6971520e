package io.ferry.testkit.server

import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** The seed file of {@code ferry emulate --seed}: its two forms of a secret, and its refusals. */
class SeedFileSpec extends Specification {

    @TempDir
    Path dir

    Path file(String text) {
        Files.writeString(dir.resolve('seed.json'), text)
    }

    def "a key's value is a string, or an object with a value of text or fields, and tags"() {
        when:
        def secrets = SeedFile.read(file('''{
            "app/db-password": "s3cr3t",
            "app/db": {"value": {"username": "app", "password": "pw"}, "tags": {"env": "prod"}},
            "app/token": {"value": "t0ken"}
        }'''))

        then:
        secrets*.key() == ['app/db-password', 'app/db', 'app/token']
        secrets[0].text() == 's3cr3t'
        !secrets[0].hasFields()
        secrets[0].fieldsOrValue() == [value: 's3cr3t']
        secrets[1].fields() == [password: 'pw', username: 'app']
        secrets[1].tags() == [env: 'prod']
        secrets[1].textOrJson() == '{"password":"pw","username":"app"}'
        secrets[2].text() == 't0ken'
        secrets[2].tags() == [:]
    }

    def "a file that is not a seed is refused in one line naming the file and the key, never a value: #what"() {
        when:
        SeedFile.read(file(text))

        then:
        def e = thrown(IllegalArgumentException)
        e.message.startsWith('seed file ' + dir.resolve('seed.json'))
        e.message.contains(expected)
        !e.message.contains('hidden-value')
        e.message.readLines().size() == 1

        where:
        what                      | text                                                        | expected
        'not JSON'                | '{"k": "hidden-value"'                                      | 'is not JSON'
        'not an object'           | '["hidden-value"]'                                          | 'must hold one JSON object'
        'a number'                | '{"k": 42}'                                                 | "key 'k'"
        'a field that is no text' | '{"k": {"value": {"a": 1, "b": "hidden-value"}}}'           | "value 'a' is not a string"
        'a tag that is no text'   | '{"k": {"value": "hidden-value", "tags": {"env": true}}}'    | "tags 'env' is not a string"
        'an unknown field'        | '{"k": {"value": "hidden-value", "labels": {}}}'            | "unknown field 'labels'"
        'empty fields'            | '{"k": {"value": {}}}'                                      | 'non-empty object'
    }

    def "a missing file is named, with the form it takes"() {
        when:
        SeedFile.read(dir.resolve('missing.json'))

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains('missing.json does not exist')
    }
}
