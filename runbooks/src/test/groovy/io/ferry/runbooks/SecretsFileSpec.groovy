package io.ferry.runbooks

import io.ferry.api.Ferry
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.RunStatus
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * V3 (Groovy) and V4 (JShell): a plain-text JSON secrets file into the local encrypted store, with a
 * backup first, the file removed at the end, and the restore path.
 */
class SecretsFileSpec extends Specification {

    @TempDir
    Path dir

    Ferry ferry

    def setup() {
        ferry = Ferry.configure().workingDirectory(dir).journalKeyFile(dir.resolve('journal.key'))
                .providerContext(new ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: 'examples'], ProviderContext.PassphraseSource.none()))
                .load()
    }

    def cleanup() {
        ferry.close()
    }

    def "#runbook imports every secret, checks it, removes the plain text, and rolls back to the file"() {
        given: 'a secrets file that others may read, as such files often are'
        def original = '{"db-password": "s3cret-db", "api-key": "s3cret-api"}'
        Files.writeString(dir.resolve(file), original)
        Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString('rw-r--r--'))

        when:
        def result = ferry.run(ferry.load(RunbookExamplesSpec.RUNBOOKS.resolve(runbook)))
        def store = ferry.open('local:secrets.db')

        then:
        result.status() == RunStatus.SUCCEEDED
        store.read("${prefix}db-password").get().value().text() == 's3cret-db'
        store.read("${prefix}api-key").get().value().text() == 's3cret-api'
        !Files.exists(dir.resolve(file))
        Files.readString(dir.resolve("${file}.${result.runId()}.bak")) == original

        and: 'the plain-text backup is readable by its owner only'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("${file}.${result.runId()}.bak"))) == 'rw-------'

        and: 'the journal and the audit trail hold no value'
        def journal = new String(Files.readAllBytes(dir.resolve('.ferry/state.db')), 'ISO-8859-1') + Files.readString(result.auditFile())
        !journal.contains('s3cret')

        when: 'the restore path'
        def undone = ferry.rollback(result.runId())

        then:
        undone.status() == RunStatus.ROLLED_BACK
        Files.readString(dir.resolve(file)) == original
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))) == 'rw-r--r--'
        !store.read("${prefix}db-password").isPresent()
        !store.read("${prefix}api-key").isPresent()

        cleanup:
        store?.close()

        where:
        runbook                                       | file                  | prefix
        'V3__secrets_file_to_local_store.groovy'      | 'legacy-secrets.json' | ''
        'V4__service_tokens_file_to_local_store.jsh'  | 'service-tokens.json' | 'tokens/'
    }

    def "#runbook never overwrites a key the store holds: the imports are undone and the file stays"() {
        given:
        Files.writeString(dir.resolve(file), '{"a-first": "one", "b-taken": "two", "c-last": "three"}')
        def store = ferry.open('local:secrets.db')
        store.write(SecretRecord.ofText("${prefix}b-taken", 'kept'), WriteCondition.createOnly(), WriteOptions.none())

        when:
        def result = ferry.run(ferry.load(RunbookExamplesSpec.RUNBOOKS.resolve(runbook)))

        then:
        result.status() == RunStatus.STOPPED
        result.error().contains("b-taken")
        store.read("${prefix}b-taken").get().value().text() == 'kept'
        !store.read("${prefix}a-first").isPresent()
        !store.read("${prefix}c-last").isPresent()
        Files.exists(dir.resolve(file))

        cleanup:
        store?.close()

        where:
        runbook                                       | file                  | prefix
        'V3__secrets_file_to_local_store.groovy'      | 'legacy-secrets.json' | ''
        'V4__service_tokens_file_to_local_store.jsh'  | 'service-tokens.json' | 'tokens/'
    }
}
