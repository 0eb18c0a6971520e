package io.ferry.cli

import io.ferry.cli.host.Host
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

class StoreCommandsSpec extends Specification {

    static final String CANARY = 'canary-7f3e9b21-do-not-print'

    @TempDir
    Path dir

    FerryCli cli
    String store

    def setup() {
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'store-commands'])
        store = "memory:store-${UUID.randomUUID()}"
        cli.write(store, SecretRecord.builder('app/db-password').text(CANARY).tag('env', 'dev').build(),
                SecretRecord.builder('app/blob').value(SecretValue.ofBytes([0, 1, 2, 255] as byte[])).build(),
                SecretRecord.ofText('legacy/token', 'legacy-value'))
    }

    def "get shows metadata and masks the value"() {
        when:
        def result = cli.run('get', store, 'app/db-password')

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
        cli.write(store, SecretRecord.ofText('copy-of-password', CANARY))

        expect:
        fingerprint(cli.run('get', store, 'app/db-password')) == fingerprint(cli.run('get', store, 'copy-of-password'))
        fingerprint(cli.run('get', store, 'app/db-password')) != fingerprint(cli.run('get', store, 'legacy/token'))
    }

    def "get --reveal prints the value alone to standard output, with a line break only on a terminal"() {
        given:
        cli.terminal = terminal

        when:
        def result = cli.run('get', store, 'app/db-password', '--reveal')

        then:
        result.exitCode == 0
        result.out == CANARY + end
        result.err.isEmpty()

        where:
        terminal                     | end
        Host.Terminal.none()         | ''
        FerryCli.answering()         | System.lineSeparator()
    }

    def "get --reveal prints a binary value as base64 and says so on standard error"() {
        when:
        def result = cli.run('get', store, 'app/blob', '--reveal')

        then:
        result.exitCode == 0
        result.out.trim() == 'AAEC/w=='
        result.err.contains('binary')
    }

    def "get of a missing key says how to list the keys and exits with 1"() {
        when:
        def result = cli.run('get', store, 'nope')

        then:
        result.exitCode == 1
        result.err.readLines() == ["ferry: no secret 'nope' in $store; list the keys with: ferry ls $store"]
    }

    def "ls lists keys, versions and tags but never values"() {
        when:
        def result = cli.run('ls', store)

        then:
        result.exitCode == 0
        result.out.readLines()[0] =~ /^KEY +VERSION +UPDATED +TAGS$/
        result.out.readLines().size() == 4
        result.out =~ /(?m)^app\/db-password +1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC +env=dev$/
        !result.out.contains(CANARY)
        !result.out.contains('legacy-value')
    }

    def "ls keeps a 32-character version id, as Ferry writes to AWS, in its column"() {
        given: 'an AWS store whose versions are the idempotency tokens of a copy'
        def server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer
        def aws = "aws:us-east-1/app/?endpoint=${server.endpoint()}"
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'store-commands', AWS_ACCESS_KEY_ID: AwsSecretsManagerServer.ACCESS_KEY,
                                 AWS_SECRET_ACCESS_KEY: AwsSecretsManagerServer.SECRET_KEY])
        cli.write(store, SecretRecord.ofText('db', 'one'), SecretRecord.ofText('api-key', 'two'))

        when:
        def copy = cli.run('copy', store, aws, '--include', 'db', '--include', 'api-key', '--yes')
        def lines = cli.run('ls', aws).out.readLines()

        then: 'every row starts its UPDATED column where the header does'
        copy.exitCode == 0
        lines.size() == 3
        lines[1..2].every { it.split(/ {2,}/)[1] ==~ /[0-9a-f]{32}/ }
        // where the date starts: a version id may hold '20' too
        lines.collect { line ->
            def date = line =~ /\d{4}-\d\d-\d\d \d\d:\d\d/
            line.startsWith('KEY') ? line.indexOf('UPDATED') : date.find() ? date.start() : -1
        }.unique().size() == 1

        cleanup:
        server?.close()
    }

    def "ls with a prefix lists only the keys under it"() {
        when:
        def result = cli.run('ls', store, 'legacy/')

        then:
        result.exitCode == 0
        result.out.readLines().drop(1)*.split(' ')*.first() == ['legacy/token']
    }

    def "ls --output json is a JSON array of keys and metadata"() {
        when:
        def result = cli.run('ls', store, '--output', 'json')
        def json = result.json()

        then:
        result.exitCode == 0
        json*.key == ['app/blob', 'app/db-password', 'legacy/token']
        json.find { it.key == 'app/db-password' }.tags == [env: 'dev']
        !result.out.contains(CANARY)
    }

    def "put reads the value from standard input and keeps existing tags"() {
        when:
        def result = cli.runWithInput('new-value\n', 'put', store, 'app/db-password', '--tag', 'team=core')

        then:
        result.exitCode == 0
        result.out.trim() == "updated app/db-password in $store (version 2, 9 bytes)"
        with(cli.read(store, 'app/db-password')) {
            value().text() == 'new-value'
            tags() == [env: 'dev', team: 'core']
        }
    }

    def "put creates a new secret with a content type, and --raw keeps the line break"() {
        when:
        def result = cli.runWithInput('{"a":1}\n', 'put', store, 'app/new', '--content-type', 'application/json', '--raw')

        then:
        result.exitCode == 0
        result.out.startsWith('created app/new')
        with(cli.read(store, 'app/new')) {
            value().text() == '{"a":1}\n'
            contentType() == 'application/json'
        }
    }

    def "put onto a name held by a deleted secret says so and how to free it, and writes nothing"() {
        given:
        def held = "memory:held-${UUID.randomUUID()}?softDelete=true"
        cli.write(held, SecretRecord.ofText('app/gone', 'old'))
        cli.delete(held, 'app/gone')

        when:
        def result = cli.runWithInput('new-value\n', 'put', held, 'app/gone')

        then:
        result.exitCode == 6
        result.err.contains("'app/gone' in $held is held by a deleted secret")
        result.err.contains('recover it to keep its versions, or purge it to free the name')
        !result.err.contains('changed by someone else')
        cli.read(held, 'app/gone') == null
    }

    def "put without a value on standard input refuses and writes nothing"() {
        when:
        def result = cli.runWithInput('', 'put', store, 'app/empty')

        then:
        result.exitCode == 2
        result.err.startsWith("ferry: no value for 'app/empty' on standard input")
        cli.read(store, 'app/empty') == null
    }

    def "put on a terminal asks for the value without echo"() {
        given:
        cli.terminal = FerryCli.answering('typed-secret')

        when:
        def result = cli.run('put', store, 'app/typed')

        then:
        result.exitCode == 0
        cli.read(store, 'app/typed').value().text() == 'typed-secret'
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
        result.err.contains('local, memory')

        where:
        command << [['ls', 'nosuch:x'], ['get', 'nosuch:x', 'k'], ['put', 'nosuch:x', 'k'], ['diff', 'nosuch:x', 'memory:'],
                    ['copy', 'memory:', 'nosuch:x', '--yes']]
    }

    def "health reports each store's checks, with a write probe that leaves nothing behind"() {
        given:
        cli.runWithInput('v\n', 'put', 'local:fresh.db', 'only-key')

        when:
        def result = cli.run('health', store, 'local:fresh.db', '--write-probe')
        def json = cli.run('health', store, '--output', 'json')

        then:
        result.exitCode == 0
        result.out =~ /(?m)^ok   ${java.util.regex.Pattern.quote(store)}: reachable yes, authenticated yes, can list yes, can write yes$/
        result.out =~ /(?m)^ok   local:fresh\.db \(\S+fresh\.db\): reachable yes, authenticated yes, can list yes, can write yes$/
        cli.run('ls', 'local:fresh.db', '--output', 'json').json()*.key == ['only-key']
        json.json()[0].healthy == true
    }

    def "health asks again while a store fails transiently, and says how many retries it took"() {
        given: 'an AWS endpoint answering every call with HTTP 500'
        def knobs = new ServerKnobs().faults(ServerKnobs.Fault.SERVER_ERROR, 1.0)
        def server = new AwsSecretsManagerServer(knobs).start(0) as AwsSecretsManagerServer
        def aws = "aws:us-east-1/app/?endpoint=${server.endpoint()}"
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'store-commands', AWS_ACCESS_KEY_ID: AwsSecretsManagerServer.ACCESS_KEY,
                                 AWS_SECRET_ACCESS_KEY: AwsSecretsManagerServer.SECRET_KEY])

        when: 'the outage lasts'
        def failing = cli.run('health', aws)
        def failingJson = cli.run('health', aws, '--output', 'json')
        def asked = server.stats().faults()

        then: 'the check was asked once and retried three times, as a run retries a write, then failed'
        failing.exitCode == 6
        failing.out.readLines()[0].startsWith("FAIL $aws")
        failing.out.readLines()[0].endsWith('still failing after 3 retries of a transient failure')
        failingJson.json()[0].retries == 3
        failingJson.json()[0].transientFailure == true
        asked == 8

        when: 'the store answers again'
        knobs.faults(ServerKnobs.Fault.SERVER_ERROR, 0)
        def healthy = cli.run('health', aws, '--output', 'json')

        then:
        healthy.exitCode == 0
        healthy.json()[0].retries == 0
        healthy.json()[0].transientFailure == false

        cleanup:
        server?.close()
    }

    def "health of a store that does not exist fails with exit 6 and says what to do"() {
        when:
        def result = cli.run('health', 'local:missing.db')

        then:
        result.exitCode == 6
        result.err.contains('missing.db')
    }

    def "providers lists the known schemes with descriptions"() {
        when:
        def result = cli.run('providers')

        then:
        result.exitCode == 0
        result.out =~ /(?m)^local: +an encrypted SQLite file/
        result.out =~ /(?m)^memory: +an in-process store/
    }

    def "put, ls and get work on an encrypted local store, the passphrase coming from the environment"() {
        when:
        def put = cli.runWithInput('local-value\n', 'put', 'local:team.db', 'app/key', '--tag', 'owner=me')
        def ls = cli.run('ls', 'local:team.db')
        def get = cli.run('get', 'local:team.db', 'app/key')
        def reveal = cli.run('get', 'local:team.db', 'app/key', '--reveal')

        then:
        put.exitCode == 0
        put.out.trim() == 'created app/key in local:team.db (version 1, 11 bytes)'
        ls.out =~ /(?m)^app\/key +1 +.* +owner=me$/
        get.out.contains('******** (11 bytes, text, fingerprint hmac:')
        reveal.out.trim() == 'local-value'
        [put, ls, get].every { !it.out.contains('local-value') }
    }

    def "a local store without a passphrase is a one-line error naming the variable, exit 6"() {
        given: 'a store made with a passphrase, opened without one'
        assert cli.runWithInput('v', 'put', 'local:team.db', 'app/key').exitCode == 0
        def noPassphrase = new FerryCli(dir)

        when:
        def result = noPassphrase.run('ls', 'local:team.db')

        then:
        result.exitCode == 6
        result.err.readLines().size() == 1
        result.err.contains('FERRY_LOCAL_PASSPHRASE')
    }

    private static String fingerprint(FerryCli.Result result) {
        def m = result.out =~ /fingerprint (hmac:[0-9a-f]+)/
        assert m.find()
        m.group(1)
    }

    def "reading a local store that does not exist is a one-line error, and creates nothing"() {
        when:
        def result = cli.run(command as String[])

        then:
        result.exitCode == 6
        result.err.trim() == "ferry: there is no local store at ${dir.resolve('typo.db')}; check the path (a store is created when it is first written to)"
        !Files.exists(dir.resolve('typo.db'))

        where:
        command << [['ls', 'local:typo.db'], ['get', 'local:typo.db', 'k'], ['diff', 'memory:', 'local:typo.db']]
    }
}
