package io.ferry.cli

import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.sql.DriverManager

/** The command line's one-line refusals, with their documented exit codes, for the protections of files, keys and endpoints. */
class SecurityRefusalsSpec extends Specification {

    @TempDir
    Path dir

    def "a plain http endpoint that is not loopback is a usage error, one line naming the option: #uri"() {
        when:
        def result = new FerryCli(dir, [VAULT_TOKEN: 'root', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b']).run('ls', uri)

        then:
        result.exitCode == 2
        result.err.readLines().size() == 1
        result.err.startsWith("ferry: $what http://")
        result.err.trim().endsWith('use https://, or add insecureHttp=true to accept it')

        where:
        uri                                                  | what
        'vault:http://vault.internal:8200/secret'            | 'Vault address'
        'aws:us-east-1?endpoint=http://10.1.2.3:4566'        | 'endpoint'
        'k8s:ns?server=http://10.1.2.3:8080'                 | 'server'
    }

    def "a local store row edited with sqlite3 makes #command exit with 6 and one line naming the key"() {
        given:
        def cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'refusals'])
        cli.write('local:store.db', SecretRecord.builder('app/db').value(io.ferry.secret.SecretValue.ofText('refusal-canary-77'))
                .tags([env: 'prod']).build())
        DriverManager.getConnection("jdbc:sqlite:${dir.resolve('store.db')}").withCloseable { c ->
            c.createStatement().withCloseable { it.executeUpdate("""UPDATE versions SET tags = '{"env":"dev"}'""") }
        }

        when:
        def result = cli.run(*args)

        then:
        result.exitCode == 6
        result.err.readLines() == ["ferry: 'app/db' in local store ${dir.resolve('store.db')} was altered outside Ferry: its tags, " +
                'content type, expiry, attributes or current version no longer match what Ferry wrote; restore the file from a backup']
        !(result.out + result.err).contains('refusal-canary-77')

        where:
        command | args
        'get'   | ['get', 'local:store.db', 'app/db']
        'ls'    | ['ls', 'local:store.db']
    }

    def "a journal key others can read stops a command with exit code 6 and the chmod that fixes it"() {
        given:
        def cli = new FerryCli(dir)
        assert cli.run('copy', 'memory:from', 'memory:to', '--yes').exitCode == 0
        def key = dir.resolve('journal.key')
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString('rw-r--r--'))

        when:
        def result = cli.run('runs')

        then:
        result.exitCode == 6
        result.err.readLines() == ["ferry: journal key file $key can be read or written by other users (mode rw-r--r--); run chmod 600 $key"]
    }

    def "a journal key inside the state store's directory stops a command with exit code 6, creating nothing"() {
        given:
        def cli = new FerryCli(dir, [FERRY_JOURNAL_KEY_FILE: dir.resolve('.ferry/journal.key').toString()])

        when:
        def result = cli.run('copy', 'memory:from', 'memory:to', '--yes')

        then:
        result.exitCode == 6
        result.err.readLines().size() == 1
        result.err.startsWith("ferry: the journal key ${dir.resolve('.ferry/journal.key')} is inside the state store's directory ")
        !Files.exists(dir.resolve('.ferry'))
    }
}
