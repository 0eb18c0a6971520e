package io.ferry.state

import com.fasterxml.jackson.databind.ObjectMapper
import io.ferry.api.ExitCode
import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The journal key without a key file: from FERRY_JOURNAL_KEY, or from a secret in a store
 * (FERRY_JOURNAL_KEY_URI). A missing or wrong key stops Ferry before the state store exists, with
 * one line naming where Ferry looked and never the key.
 */
class JournalKeySourceSpec extends Specification {

    static final byte[] KEY = (1..32).collect { (byte) (it * 7) } as byte[]
    static final String KEY_TEXT = KEY.encodeBase64().toString()

    @TempDir
    Path dir

    def "the key comes from #variable when it is the one variable set"() {
        given:
        def store = "memory:journal-keys-${UUID.randomUUID()}"
        write(store, 'journal-key', SecretRecord.ofText('journal-key', KEY_TEXT + '\n'))
        def environment = [HOME: dir.toString(), (variable): value.replace('STORE', store)]

        when:
        def key = JournalKey.resolve(context(environment), dir.resolve('.ferry/state.db'))

        then: "both sources give the same key, and no key file is made"
        key.id() == JournalKey.resolve(context([HOME: dir.toString(), FERRY_JOURNAL_KEY: KEY_TEXT]), null).id()
        key.file() == null
        key.origin() == origin.replace('STORE', store)
        !Files.exists(dir.resolve('.ferry/journal.key'))

        where:
        variable                | value                 || origin
        'FERRY_JOURNAL_KEY'     | KEY_TEXT              || 'FERRY_JOURNAL_KEY'
        'FERRY_JOURNAL_KEY_URI' | 'STORE/journal-key'   || 'STORE/journal-key'
    }

    def "a JSON secret gives the key from its one field, or from the field the reference names"() {
        given:
        def store = "memory:journal-keys-${UUID.randomUUID()}"
        def value = fields.collectEntries { [(it): it == 'key' ? KEY_TEXT : 'not the key'] }
        write(store, 'ferry', SecretRecord.builder('ferry').text(new ObjectMapper().writeValueAsString(value))
                .contentType(SecretRecord.JSON).build())

        when:
        def key = JournalKey.resolve(context([FERRY_JOURNAL_KEY_URI: "${store}/ferry${fragment}".toString()]), null)

        then:
        key.id() == JournalKey.resolve(context([FERRY_JOURNAL_KEY: KEY_TEXT]), null).id()

        where:
        fields           | fragment
        ['key']          | ''
        ['key', 'other'] | '#key'
    }

    def "#problem stops Ferry before the state store exists, naming where it looked and not the key"() {
        given:
        def store = "memory:journal-keys-${UUID.randomUUID()}"
        write(store, 'short', SecretRecord.ofText('short', KEY_TEXT.substring(0, 20)))
        write(store, 'fields', SecretRecord.builder('fields').text('{"a":"' + KEY_TEXT + '","b":"x"}')
                .contentType(SecretRecord.JSON).build())
        def environment = given.collectEntries { k, v -> [(k): v.replace('STORE', store)] }
        def state = dir.resolve('project/.ferry/state.db')

        when:
        Ferry.configure().workingDirectory(dir.resolve('project')).stateFile(state)
                .providerContext(context(environment)).load()

        then:
        def e = thrown(FerryException)
        e.exitCode() == ExitCode.ENVIRONMENT
        e.message.startsWith(message.replace('STORE', store))
        !e.message.contains('\n')
        !e.message.contains(KEY_TEXT)
        !e.message.contains(KEY_TEXT.substring(0, 20))

        and: "nothing was written"
        !Files.exists(dir.resolve('project'))

        where:
        problem                    | given                                                            || message
        'a missing secret'         | [FERRY_JOURNAL_KEY_URI: 'STORE/journal-key']                     || "the journal key at STORE/journal-key is missing: the store STORE has no secret 'journal-key'; create it there, or point at the secret that holds it"
        'a key too short'          | [FERRY_JOURNAL_KEY_URI: 'STORE/short']                           || 'the journal key at STORE/short is not a 256-bit key in base64; store the key there (openssl rand -base64 32 makes one)'
        'a key that is not base64' | [FERRY_JOURNAL_KEY: 'not*base64']                                || 'FERRY_JOURNAL_KEY does not hold a 256-bit journal key in base64; set it to the key (openssl rand -base64 32 makes one), or unset it to use the key file'
        'two fields and no #FIELD' | [FERRY_JOURNAL_KEY_URI: 'STORE/fields']                          || 'the journal key at STORE/fields has the fields a, b; name the one that holds it, as STORE/fields#FIELD'
        'two sources at once'      | [FERRY_JOURNAL_KEY_URI: 'STORE/k', FERRY_JOURNAL_KEY: KEY_TEXT] || 'FERRY_JOURNAL_KEY_URI and FERRY_JOURNAL_KEY are both set, and each names a journal key; unset all but one (--journal-key on the command line stands in for them all)'
        'an unknown store'         | [FERRY_JOURNAL_KEY_URI: 'nosuch:x/journal-key']                  || "cannot open the store of the journal key at nosuch:x/journal-key: unknown provider scheme 'nosuch'; known schemes: "
    }

    def "a run journaled under one key says, opened under another, to give the key it was journaled under"() {
        given:
        def state = dir.resolve('.ferry/state.db')
        def first = StateStore.open(state, JournalKey.resolve(context([FERRY_JOURNAL_KEY: KEY_TEXT]), state))
        first.createRun(new RunRecord('run-1', 'rb', null, null, 'memory:a', 'memory:b', RunStatus.PLANNING,
                null, 'me', null, null, null, '{}', null, null, 0))
        first.close()
        def other = (1..32).collect { (byte) it } as byte[]

        when:
        def second = StateStore.open(state, JournalKey.resolve(context([FERRY_JOURNAL_KEY: other.encodeBase64().toString()]), state))
        second.openRun('run-1')

        then:
        def e = thrown(StateException)
        e.message.contains('but FERRY_JOURNAL_KEY holds key')
        e.message.endsWith('give the journal key used when the run started (--journal-key, FERRY_JOURNAL_KEY_URI, '
                + 'FERRY_JOURNAL_KEY or FERRY_JOURNAL_KEY_FILE)')
        !e.message.contains(KEY_TEXT)

        cleanup:
        second?.close()
    }

    def "a local store holds the journal key under its passphrase"() {
        given:
        def environment = [FERRY_LOCAL_PASSPHRASE: 'keys passphrase', HOME: dir.toString()]
        write('local:keys.db', 'journal-key', SecretRecord.ofText('journal-key', KEY_TEXT), environment)

        when:
        def key = JournalKey.resolve(context(environment + [FERRY_JOURNAL_KEY_URI: 'local:keys.db/journal-key']), null)

        then:
        key.id() == JournalKey.resolve(context([FERRY_JOURNAL_KEY: KEY_TEXT]), null).id()
        key.origin() == 'local:keys.db/journal-key'
    }

    private ProviderContext context(Map<String, String> environment) {
        new ProviderContext(dir, environment, ProviderContext.PassphraseSource.none())
    }

    private void write(String store, String key, SecretRecord record, Map<String, String> environment = [:]) {
        ProviderRegistry.load().open(store, context(environment)).withCloseable {
            it.write(record, WriteCondition.upsert(), WriteOptions.none())
        }
    }
}
