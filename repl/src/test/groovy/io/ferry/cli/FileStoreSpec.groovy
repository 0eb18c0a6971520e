package io.ferry.cli

import io.ferry.secret.SecretRecord
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import spock.lang.Specification
import spock.lang.TempDir

/** Secrets files as a store from the command line: copied from, diffed, listed, written with consent, rolled back. */
class FileStoreSpec extends Specification {

    static final String CANARY = 'file-store-canary-93b1'

    @TempDir
    Path dir

    FerryCli cli

    def setup() {
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'file-store-spec'])
    }

    void file(String name, String content) {
        Files.createDirectories(dir.resolve(name).parent)
        Files.writeString(dir.resolve(name), content)
    }

    String mode(String name) {
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)))
    }

    def "copy file:.env local:secrets.db copies every entry and shows no value"() {
        given:
        file('.env', "# app settings\nexport DB_PASSWORD=\"$CANARY\"\nAPI_KEY=key-1 # the new one\nEMPTY=\n")

        when:
        def copy = cli.run('copy', 'file:.env', 'local:secrets.db', '--yes')

        then:
        copy.exitCode == 0
        copy.out.contains('status:     SUCCEEDED')
        copy.out.contains('plan:       3 to create, 0 to update')
        copy.out.contains('validation: passed: 3 of 3 matched')
        !copy.out.contains('notice:')
        cli.keys('local:secrets.db') == ['API_KEY', 'DB_PASSWORD', 'EMPTY']
        cli.read('local:secrets.db', 'DB_PASSWORD').value().text() == CANARY
        !(copy.out + copy.err).contains(CANARY)
    }

    def "diff compares a JSON file with a store, exit 0 in sync and 1 when they differ"() {
        given:
        file('secrets.json', '{"app": {"db": "pw", "api": "k"}, "legacy": "t"}')
        def store = "memory:diff-${UUID.randomUUID()}"
        cli.write(store, SecretRecord.ofText('app/db', 'pw'), SecretRecord.ofText('app/api', 'k'), SecretRecord.ofText('legacy', 't'))

        when:
        def same = cli.run('diff', 'file:secrets.json', store)

        then:
        same.exitCode == 0
        same.out.contains('3 same, 0 different, 0 missing from B, 0 extra in B: in sync')

        when:
        cli.write(store, SecretRecord.ofText('app/db', CANARY))
        def drift = cli.run('diff', 'file:secrets.json', store)

        then:
        drift.exitCode == 1
        drift.out.contains('~ different  app/db  (the values differ)')
        !(drift.out + drift.err).contains(CANARY)
    }

    def "ls lists a YAML file's keys in order with versions, never values"() {
        given:
        file('secrets.yaml', "zeta: $CANARY\nalpha:\n  one: 1\n  two: 2\n")

        when:
        def ls = cli.run('ls', 'file:secrets.yaml')

        then:
        ls.exitCode == 0
        ls.out.readLines()[0] =~ /^KEY +VERSION +UPDATED +TAGS$/
        ls.out.readLines().drop(1)*.split(/ +/)*.getAt(0) == ['alpha/one', 'alpha/two', 'zeta']
        ls.out.readLines()[1] =~ /^alpha\/one +[0-9a-f]{16} +- +-$/
        !ls.out.contains(CANARY)
    }

    def "a copy into a file without plaintext=true is refused in one line naming the option, exit 2, and no file is made"() {
        given:
        def source = "memory:src-${UUID.randomUUID()}"
        cli.write(source, SecretRecord.ofText('K', CANARY))

        when:
        def copy = cli.run('copy', source, 'file:out.env', '--yes')

        then:
        copy.exitCode == 2
        copy.err.readLines() == ["ferry: file:out.env would write secrets unencrypted to the plain-text file ${dir.resolve('out.env')}; " +
                'add ?plaintext=true to the URI to accept that (the file is written owner-only), or write to an encrypted store such as local:secrets.db']
        !Files.exists(dir.resolve('out.env'))
        !(copy.out + copy.err).contains(CANARY)
    }

    def "a copy into a file with plaintext=true writes it owner-only and says that a plain-text copy exists"() {
        given:
        def source = "memory:src-${UUID.randomUUID()}"
        cli.write(source, SecretRecord.ofText('DB_PASSWORD', CANARY), SecretRecord.ofText('API_KEY', 'k 1'))

        when:
        def copy = cli.run('copy', source, 'file:out/app.env?plaintext=true', '--yes')

        then:
        copy.exitCode == 0
        copy.out.contains('validation: passed: 2 of 2 matched')
        copy.out.contains('  notice:     a plain-text copy of the secrets is in out/app.env (owner-only); delete it once it has served its purpose')
        mode('out/app.env') == 'rw-------'
        // New keys go at the end in the order they are written, which concurrent writes do not fix.
        Files.readAllLines(dir.resolve('out/app.env')).sort() == ['API_KEY="k 1"', "DB_PASSWORD=$CANARY".toString()]
        !(copy.out + copy.err).contains(CANARY)

        when:
        def json = cli.run('show', copy.runId(), '--output', 'json')

        then:
        json.json().notice == 'a plain-text copy of the secrets is in out/app.env (owner-only); delete it once it has served its purpose'
    }

    def "put into a file is refused without plaintext=true before the value is read, and with it writes an owner-only file"() {
        when:
        def refused = cli.runWithInput(CANARY, 'put', 'file:one.env', 'TOKEN')

        then:
        refused.exitCode == 2
        refused.err.readLines() == ["ferry: file:one.env would write secrets unencrypted to the plain-text file ${dir.resolve('one.env')}; " +
                'add ?plaintext=true to the URI to accept that (the file is written owner-only), or write to an encrypted store such as local:secrets.db']
        !Files.exists(dir.resolve('one.env'))

        when:
        def put = cli.runWithInput(CANARY, 'put', 'file:one.env?plaintext=true', 'TOKEN')

        then:
        put.exitCode == 0
        put.out.startsWith('created TOKEN in file:one.env?plaintext=true (version ')
        Files.readString(dir.resolve('one.env')) == "TOKEN=$CANARY\n"
        mode('one.env') == 'rw-------'
        !(put.out + put.err + refused.out + refused.err).contains(CANARY)
    }

    def "a file written by a process whose umask lets everyone read and write is still owner-only"() {
        given: 'a separate ferry process started with umask 000'
        def source = dir.resolve('src.env')
        Files.writeString(source, "K=$CANARY\n")
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def command = ['sh', '-c', 'umask 000 && exec "$0" -cp "$1" io.ferry.cli.Main copy file:src.env "file:open.env?plaintext=true" --yes',
                       java, System.getProperty('java.class.path')]
        def builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        builder.environment().putAll(cli.environment)

        when:
        def process = builder.start()
        def output = process.inputStream.text
        def exit = process.waitFor()

        then:
        exit == 0
        output.contains('notice:     a plain-text copy of the secrets is in open.env')
        mode('open.env') == 'rw-------'
        Files.readString(dir.resolve('open.env')) == "K=$CANARY\n"
    }

    def "rollback of a run that wrote a file restores the file as it was"() {
        given: 'a dotenv file that a copy updates and adds to'
        file('app.env', 'A=old\nB=keep\n')
        Files.setPosixFilePermissions(dir.resolve('app.env'), PosixFilePermissions.fromString('rw-r--r--'))
        def source = "memory:src-${UUID.randomUUID()}"
        cli.write(source, SecretRecord.ofText('A', CANARY), SecretRecord.ofText('C', 'new'))
        def id = cli.run('copy', source, 'file:app.env?plaintext=true', '--yes', '--on-existing', 'update',
                '--take-ownership').runId()

        expect:
        Files.readString(dir.resolve('app.env')) == "A=$CANARY\nB=keep\nC=new\n"

        when:
        def rollback = cli.run('rollback', id)

        then:
        rollback.exitCode == 0
        rollback.out.contains('rollback:   2 restored, 0 left as they are')
        Files.readString(dir.resolve('app.env')) == 'A=old\nB=keep\n'
        mode('app.env') == 'rw-------'
        !(rollback.out + rollback.err).contains(CANARY)
    }

    def "rollback of a run that created a file leaves it empty"() {
        given:
        def source = "memory:src-${UUID.randomUUID()}"
        cli.write(source, SecretRecord.ofText('db/password', CANARY))
        def id = cli.run('copy', source, 'file:new.json?plaintext=true', '--yes').runId()

        when:
        def rollback = cli.run('rollback', id)

        then:
        rollback.exitCode == 0
        Files.readString(dir.resolve('new.json')).trim() == '{ }'
        cli.keys('file:new.json').isEmpty()
    }

    def "a malformed file is one line with its line and column on every command, exit 6, and never shows its content: #command"() {
        given:
        file('.env', "OK=1\nTOKEN=\"$CANARY\nNEXT=2\n")
        def store = "memory:m-${UUID.randomUUID()}"

        when:
        def result = cli.run(*(command.collect { it == 'STORE' ? store : it }))

        then:
        result.exitCode == 6
        result.err.readLines().size() == 1
        result.err.contains("${dir.resolve('.env')}:2:7: not valid dotenv: the double-quoted value opened here is never closed")
        !(result.out + result.err).contains(CANARY)

        where:
        command << [['ls', 'file:.env'], ['get', 'file:.env', 'OK'], ['diff', 'file:.env', 'STORE'],
                    ['copy', 'file:.env', 'STORE', '--yes']]
    }

    def "a key given twice in a file is refused with both lines"() {
        given:
        file('app.properties', "a=1\nb=2\na=$CANARY\n")

        when:
        def result = cli.run('ls', 'file:app.properties')

        then:
        result.exitCode == 6
        result.err.readLines() == ["ferry: ${dir.resolve('app.properties')}:3: the key 'a' is given twice, at lines 1 and 3; keep one of them, since Ferry will not guess which one is meant"]
    }

    def "a missing file is one clear line, exit 6"() {
        when:
        def result = cli.run('ls', 'file:nowhere.json')

        then:
        result.exitCode == 6
        result.err.readLines() == ["ferry: there is no file at ${dir.resolve('nowhere.json')}; check the path (a file is created only when a run writes to it with plaintext=true)"]
    }

    def "a runbook reads its source with file('...')"() {
        given:
        file('legacy/secrets.json', '{"payments": {"db-password": "pw-1", "api-key": "key-2"}}')
        file('V1__import_legacy.groovy', """
            runbook {
                source file('legacy/secrets.json')
                target local('imported.db')
                discovery { include 'payments/**' }
                validation { compare 'full'; minMatchRate 1.0 }
            }
            """.stripIndent())

        when:
        def run = cli.run('run', 'V1__import_legacy.groovy', '--yes')

        then:
        run.exitCode == 0
        run.out.contains('status:     SUCCEEDED')
        run.out.contains('  from:       file:legacy/secrets.json')
        cli.keys('local:imported.db') == ['payments/api-key', 'payments/db-password']
        cli.read('local:imported.db', 'payments/db-password').value().text() == 'pw-1'
    }
}
