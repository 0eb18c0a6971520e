package io.ferry.provider.local

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager
import java.time.Instant
import spock.lang.Specification
import spock.lang.TempDir

/** The local store's metadata and current-version pointers are authenticated, deleted rows are wiped, and key parameters are bounded. */
class LocalStoreIntegritySpec extends Specification {

    static final String PASSPHRASE = 'integrity passphrase'
    static final String CANARY = 'integrity-canary-5e1f'

    @TempDir
    Path dir

    Path file

    def setup() {
        file = dir.resolve('store.db')
    }

    SecretProvider open(String passphrase = PASSPHRASE) {
        ProviderRegistry.load().open('local:store.db', new ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: passphrase],
                ProviderContext.PassphraseSource.none()))
    }

    void write(SecretProvider provider, String key, String text, Map<String, String> tags = [env: 'prod']) {
        def record = SecretRecord.builder(key).value(SecretValue.ofText(text)).contentType('text/plain').tags(tags)
                .attributes([owner: 'team-a']).expiresAt(Instant.parse('2030-01-01T00:00:00Z')).build()
        provider.write(record, WriteCondition.upsert(), WriteOptions.none())
    }

    void sql(String... statements) {
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            c.createStatement().withCloseable { st -> statements.each { st.executeUpdate(it) } }
        }
    }

    String altered(String key) {
        "'$key' in local store $file was altered outside Ferry: its tags, content type, expiry, attributes or current " +
                'version no longer match what Ferry wrote; restore the file from a backup'
    }

    def "a row edited with sqlite3 is refused on every read like a tampered ciphertext: #edit"() {
        given:
        open().withCloseable { p ->
            write(p, 'app/db', CANARY + '-1')
            write(p, 'app/db', CANARY + '-2')
            write(p, 'app/other', 'untouched')
        }
        sql(statement)
        def provider = open()

        when:
        provider."$operation"(*arguments)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.key() == 'app/db'
        e.message == altered('app/db')
        !e.message.contains(CANARY)

        and: 'the other key still reads'
        provider.read('app/other').get().value().text() == 'untouched'

        cleanup:
        provider?.close()

        where:
        edit                                      | operation   | arguments        | statement
        'tags changed'                            | 'read'      | ['app/db']       | """UPDATE versions SET tags = '{"env":"dev"}' WHERE key = 'app/db' AND version = 2"""
        'content type changed'                    | 'read'      | ['app/db']       | "UPDATE versions SET content_type = 'application/json' WHERE key = 'app/db' AND version = 2"
        'expiry pushed back'                      | 'read'      | ['app/db']       | "UPDATE versions SET expires_at = '2099-01-01T00:00:00Z' WHERE key = 'app/db' AND version = 2"
        'expiry removed'                          | 'readBatch' | [['app/db']]     | "UPDATE versions SET expires_at = NULL WHERE key = 'app/db' AND version = 2"
        'attributes changed'                      | 'history'   | ['app/db']       | """UPDATE versions SET attributes = '{"owner":"mallory"}' WHERE key = 'app/db' AND version = 1"""
        'update time changed'                     | 'read'      | ['app/db']       | "UPDATE versions SET updated_at = '2001-01-01T00:00:00Z' WHERE key = 'app/db' AND version = 2"
        'tags changed, seen by a listing'         | 'list'      | ['app/', null, 10] | """UPDATE versions SET tags = '{"env":"dev"}' WHERE key = 'app/db' AND version = 2"""
        'pointer rolled back to version 1'        | 'read'      | ['app/db']       | "UPDATE secrets SET current_version = 1 WHERE key = 'app/db'"
        'pointer and last version rolled back'    | 'read'      | ['app/db']       | "UPDATE secrets SET current_version = 1, last_version = 1 WHERE key = 'app/db'"
        'pointer rolled back, seen by a listing'  | 'list'      | ['app/', null, 10] | "UPDATE secrets SET current_version = 1 WHERE key = 'app/db'"
        'metadata swapped between versions'       | 'read'      | ['app/db']       | "UPDATE versions SET mac = (SELECT mac FROM versions WHERE key = 'app/db' AND version = 1) WHERE key = 'app/db' AND version = 2"
        'creation time changed'                   | 'read'      | ['app/db']       | "UPDATE secrets SET created_at = '2001-01-01T00:00:00Z' WHERE key = 'app/db'"
    }

    def "a pointer rolled back to an older version, with that version's own MAC copied from a backup, is refused"() {
        given: 'a copy of the pointer row as it was at version 1'
        open().withCloseable { p -> write(p, 'app/db', CANARY + '-1') }
        byte[] oldMac = DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            c.createStatement().withCloseable { st -> st.executeQuery("SELECT mac FROM secrets WHERE key = 'app/db'").withCloseable { it.next(); it.getBytes(1) } }
        }
        open().withCloseable { p -> write(p, 'app/db', CANARY + '-2') }
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            c.prepareStatement("UPDATE secrets SET current_version = 1, last_version = 1, mac = ? WHERE key = 'app/db'").withCloseable {
                it.setBytes(1, oldMac)
                it.executeUpdate()
            }
        }
        def provider = open()

        when:
        provider.read('app/db')

        then:
        def e = thrown(ProviderException)
        e.message == altered('app/db')

        cleanup:
        provider?.close()
    }

    def "a write over an altered pointer is refused and changes nothing"() {
        given:
        open().withCloseable { p -> write(p, 'app/db', CANARY) }
        sql("UPDATE secrets SET last_version = 7 WHERE key = 'app/db'")
        def before = Files.readAllBytes(file)
        def provider = open()

        when:
        write(provider, 'app/db', 'new value')

        then:
        def e = thrown(ProviderException)
        e.message == altered('app/db')

        and: 'nothing was written'
        provider.close()
        Files.readAllBytes(file) == before

        cleanup:
        provider?.close()
    }

    def "a store of the previous format, whose rows carry no MAC, is upgraded on open and then guarded"() {
        given: 'a store as the previous format wrote it: no MAC columns, format 1'
        open().withCloseable { p ->
            write(p, 'app/db', CANARY)
            write(p, 'app/gone', 'deleted before the upgrade')
            p.delete('app/gone', null)
        }
        sql('ALTER TABLE versions DROP COLUMN mac', 'ALTER TABLE secrets DROP COLUMN mac', "UPDATE meta SET value = '1' WHERE name = 'format'")

        when:
        def provider = open()
        def record = provider.read('app/db').get()

        then: 'everything reads as before'
        record.value().text() == CANARY
        record.tags() == [env: 'prod']
        record.contentType() == 'text/plain'
        record.expiresAt() == Instant.parse('2030-01-01T00:00:00Z')
        provider.read('app/gone').empty

        and: 'the file is of the current format'
        provider.close()
        format() == '2'

        when: 'a row is edited after the upgrade'
        sql("""UPDATE versions SET tags = '{"env":"dev"}' WHERE key = 'app/db'""")
        provider = open()
        provider.read('app/db')

        then:
        def e = thrown(ProviderException)
        e.message == altered('app/db')

        and: 'a deleted key can be written again after the upgrade'
        sql("""UPDATE versions SET tags = '{"env":"prod"}' WHERE key = 'app/db'""")
        write(provider, 'app/gone', 'back again')
        provider.read('app/gone').get().version() == '2'

        cleanup:
        provider?.close()
    }

    def "a store opened with the wrong passphrase is not upgraded"() {
        given:
        open().withCloseable { p -> write(p, 'app/db', CANARY) }
        sql('ALTER TABLE versions DROP COLUMN mac', 'ALTER TABLE secrets DROP COLUMN mac', "UPDATE meta SET value = '1' WHERE name = 'format'")
        def before = Files.readAllBytes(file)

        when:
        open('wrong passphrase')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        Files.readAllBytes(file) == before
        format() == '1'
    }

    def "a deleted secret leaves none of its bytes in the file: secure_delete is on"() {
        given: 'a secret whose tag and sealed value are known'
        def tag = 'tag-marker-' + UUID.randomUUID()
        open().withCloseable { p ->
            write(p, 'app/keep', 'kept value')
            write(p, 'app/db', CANARY, [marker: tag])
        }
        byte[] envelope = DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            c.createStatement().withCloseable { st -> st.executeQuery("SELECT value FROM versions WHERE key = 'app/db'").withCloseable { it.next(); it.getBytes(1) } }
        }
        assert contains(Files.readAllBytes(file), tag.getBytes(StandardCharsets.UTF_8))

        when:
        open().withCloseable { p -> p.delete('app/db', null) }
        def bytes = Files.readAllBytes(file)

        then:
        !contains(bytes, tag.getBytes(StandardCharsets.UTF_8))
        !contains(bytes, envelope[-32..-1] as byte[])
        open().withCloseable { it.read('app/keep').get().value().text() } == 'kept value'
    }

    def "Argon2 parameters that ask for too much are refused with one line before the key is derived: #asked"() {
        given:
        open().withCloseable { p -> write(p, 'app/db', CANARY) }
        sql("UPDATE meta SET value = '$kdf' WHERE name = 'kdf'")
        def before = Files.readAllBytes(file)

        when:
        open()

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message == "$file asks for $asked, beyond what Ferry allows (m at most 1048576 KiB, t at most 32, p at most 16); " +
                'it was altered or not written by Ferry: restore it from a backup'
        Files.readAllBytes(file) == before

        where:
        kdf                                                  | asked
        'argon2id$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA'  | 'Argon2id m=4194304 KiB, t=2, p=1'
        'argon2id$m=19456,t=100000,p=1$c2FsdHNhbHRzYWx0c2FsdA' | 'Argon2id m=19456 KiB, t=100000, p=1'
        'argon2id$m=19456,t=2,p=255$c2FsdHNhbHRzYWx0c2FsdA'  | 'Argon2id m=19456 KiB, t=2, p=255'
    }

    private String format() {
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            c.createStatement().withCloseable { st -> st.executeQuery("SELECT value FROM meta WHERE name = 'format'").withCloseable { it.next(); it.getString(1) } }
        }
    }

    /** @return whether the bytes hold the needle; ISO-8859-1 maps each byte to one char, so a string search is a byte search */
    private static boolean contains(byte[] haystack, byte[] needle) {
        new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1))
    }
}
