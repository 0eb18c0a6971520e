package io.ferry.testkit

import io.ferry.plan.RecordChanges
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretSummary
import io.ferry.secret.SecretValue
import io.ferry.spi.Ownership
import io.ferry.spi.Page
import io.ferry.spi.ProviderException
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.spi.WriteRequest
import io.ferry.spi.WriteResult
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import org.opentest4j.TestAbortedException
import spock.lang.Requires
import spock.lang.Specification

/**
 * The contract every {@link SecretProvider} passes: listing with paging and prefixes (ending
 * however the store ends its last page), reads and batch reads, conditional writes and deletes,
 * versions, binary and unicode values, tags up to the store's whole allowance with the engine's
 * ownership mark, declared constraints, error kinds, idempotent retries and restores, records that
 * read back showing no change (so a re-run of a finished copy writes nothing), attribute changes
 * that show, disabled records held disabled (or a disabled state not claimed), health and
 * concurrent use.
 *
 * <p>An adapter's specification extends this one and implements {@link #openProvider()}; it
 * overrides the hooks below where its store differs. For example:
 * <pre>
 * class MyProviderContractSpec extends SecretProviderContract {
 *     SecretProvider openProvider() { ProviderRegistry.load().open('my:test', context) }
 * }
 * </pre>
 *
 * <p>Every feature opens a provider over an empty scope, so that listings see only what the
 * feature wrote, and closes it afterwards. Keys are made from lower-case letters, digits and
 * dashes, which every known store accepts; {@link #unusualKeys()} adds the store's harder names.
 * No feature puts a value where an error message, a summary or a {@code toString()} could show
 * it, and several check that none does.
 */
abstract class SecretProviderContract extends Specification {

    /** A value that must never appear in a message. */
    static final String CANARY = 'contract-canary-7f3a91'

    /** The provider under test, opened for each feature by {@link #openProvider()}. */
    SecretProvider provider

    /**
     * @return a provider over an empty scope (a fresh store, or a fresh prefix of a shared one);
     *     called before every feature iteration and closed after it
     */
    abstract SecretProvider openProvider()

    /** @return whether the store keeps earlier versions, so that history lists more than the current one */
    boolean supportsHistory() {
        true
    }

    /**
     * @return whether a write repeated with the idempotency token of an earlier write of the same
     *     data is a no-op returning that write's version; stores without tokens may instead make a
     *     new version or refuse the retry as a conflict, but must not lose the value
     */
    boolean supportsIdempotencyTokens() {
        false
    }

    /**
     * @return whether the store keeps an empty value; one that needs at least a byte (AWS Secrets
     *     Manager) must refuse an empty value with INVALID instead
     */
    boolean supportsEmptyValues() {
        true
    }

    /**
     * @return whether the store keeps tags; one that has nowhere to put them (a plain-text file)
     *     accepts tagged records and reads them back without tags
     */
    boolean supportsTags() {
        true
    }

    /**
     * @return whether the store keeps any bytes; one that holds only text must refuse a value that
     *     is not UTF-8 with INVALID instead
     */
    boolean supportsBinaryValues() {
        true
    }

    /** @return the tags a store gives back for the tags written: all of them, or none where it keeps none */
    Map<String, String> kept(Map<String, String> tags) {
        supportsTags() ? tags : [:]
    }

    /** @return whether the store keeps the content type given with a record */
    boolean supportsContentType() {
        true
    }

    /**
     * @return whether {@link #endListingsWith} can make the store's test server end its listings'
     *     last pages oddly, as independent implementations of its API do
     */
    boolean supportsOddLastPages() {
        false
    }

    /**
     * Makes the store's test server end the last page of every listing oddly, for the feature that
     * checks that listings still end. Override together with {@link #supportsOddLastPages()}.
     *
     * @param how {@code 'empty'}: with an empty page token; {@code 'same'}: with the token the page was
     *     asked with (or one of the first page), so that a client that stops only on a missing token
     *     never stops
     */
    void endListingsWith(String how) {
        throw new UnsupportedOperationException('this store\'s test server ends its pages one way only')
    }

    /**
     * @return whether the store has a disabled state, kept as the attribute
     *     {@link SecretRecord#ENABLED} {@code false}; one without it must not claim to keep that
     *     attribute, so that planning skips disabled records rather than make them live there
     */
    boolean supportsDisabled() {
        false
    }

    /**
     * An attribute the store keeps as written, for the feature that checks that a change of it
     * alone is seen. Override with an empty list where the store keeps no attributes.
     *
     * @return the attribute's name, a first value and a second one
     */
    List<String> keptAttribute() {
        ['description', 'first description', 'second description']
    }

    /**
     * Keys beyond the plain alphabet that the store must keep exactly, for the feature that
     * round-trips them. Override with names valid for the store, at least one.
     *
     * @return keys with slashes, dots, underscores, spaces and non-ASCII characters
     */
    List<String> unusualKeys() {
        ['path/to/secret', 'dots.and_underscores', 'UPPER-lower', 'with space', 'ключ-鍵-clé', 'emoji-🔑', 'a']
    }

    /**
     * @return a name the store refuses: by default the first of a few candidates that its declared
     *     constraints reject, or null when it accepts all of them
     */
    String invalidKey() {
        def constraints = provider.constraints()
        ['bad\u0000name', 'bad name!', 'Bad_Name', 'trailing/', 'x' * (constraints.maxNameLength() + 1)]
                .find { !constraints.violations(SecretRecord.ofText(it, 'v'), 1).isEmpty() }
    }

    def setup() {
        provider = openProvider()
    }

    def cleanup() {
        provider?.close()
    }

    /** Writes a text record without metadata. */
    WriteResult put(String key, String text, WriteCondition condition = WriteCondition.upsert()) {
        provider.write(SecretRecord.ofText(key, text), condition, WriteOptions.none())
    }

    /** @return every page of a listing, following the tokens */
    List<Page<SecretSummary>> pages(String prefix, int pageSize) {
        def pages = []
        String token = null
        do {
            Page<SecretSummary> page = provider.list(prefix, token, pageSize)
            pages << page
            token = page.nextToken()
            assert pages.size() <= 1000: 'the listing does not end'
        } while (token != null)
        pages
    }

    /** @return the provider exception the action throws, or null when it succeeds */
    ProviderException failure(Closure<?> action) {
        try {
            action()
        } catch (ProviderException e) {
            return e
        }
        null
    }

    def "the store declares sensible constraints that the contract's keys satisfy"() {
        given:
        def constraints = provider.constraints()
        def keys = ['page-00', 'alpha-beta-1', 'concurrent-7', 'tagged'] + unusualKeys()

        expect:
        constraints != null
        !constraints.store().isBlank()
        !constraints.nameRule().isBlank()
        !constraints.nameCharacters().description().isBlank()
        constraints.maxNameLength() >= 1
        constraints.maxValueBytes() >= 1024
        constraints.maxTags() >= 3
        constraints.maxTagKeyLength() >= 16
        constraints.maxTagValueLength() >= 16
        keys.every { constraints.violations(SecretRecord.ofText(it, 'v'), 1).isEmpty() }
    }

    def "listing #count keys with page size #pageSize returns each once, in key order, and ends"() {
        given:
        def keys = (0..<count).collect { String.format('page-%02d', it) }
        keys.reverse().each { put(it, 'v') }

        when:
        def pages = pages('', pageSize)

        then:
        pages*.items().flatten()*.key == keys
        pages.every { it.items().size() <= pageSize }
        pages.size() <= Math.max(1, Math.ceil(count / pageSize) as int) + 1
        pages.init().every { it.nextToken() != null }
        pages[-1].nextToken() == null

        where:
        count | pageSize
        25    | 7
        25    | 1
        25    | 24
        25    | 25
        25    | 100
        0     | 10
    }

    def "listing with prefix '#prefix' returns exactly the keys under it"() {
        given:
        ['alpha-1', 'alpha-2', 'alpha-3', 'alpha-beta-1', 'alphabet', 'beta-1', 'b'].each { put(it, 'v') }

        expect:
        pages(prefix, 2)*.items().flatten()*.key == expected

        where:
        prefix       || expected
        ''           || ['alpha-1', 'alpha-2', 'alpha-3', 'alpha-beta-1', 'alphabet', 'b', 'beta-1']
        'alpha'      || ['alpha-1', 'alpha-2', 'alpha-3', 'alpha-beta-1', 'alphabet']
        'alpha-'     || ['alpha-1', 'alpha-2', 'alpha-3', 'alpha-beta-1']
        'alpha-beta' || ['alpha-beta-1']
        'b'          || ['b', 'beta-1']
        'beta-1'     || ['beta-1']
        'gamma'      || []
    }

    def "a listing's summaries carry the current version and tags"() {
        given:
        put('plain', 'v')
        put('plain', 'v2')
        provider.write(SecretRecord.builder('tagged').text('v').tag('env', 'prod').build(), WriteCondition.upsert(), WriteOptions.none())

        when:
        def summaries = provider.list('', null, 10).items().collectEntries { [it.key(), it] }

        then:
        summaries.keySet() == ['plain', 'tagged'] as Set
        summaries.plain.version() == provider.read('plain').get().version()
        summaries.tagged.version() == provider.read('tagged').get().version()
        summaries.tagged.tags() == kept([env: 'prod'])
    }

    def "stream() yields every key under a prefix across pages"() {
        given:
        (0..<10).each { put("stream-$it", 'v') }
        put('other', 'v')

        expect:
        provider.stream('stream-', 3).map { it.key() }.toList() == (0..<10).collect { "stream-$it" as String }
        provider.stream('', 4).count() == 11
        provider.stream('nothing-', 4).count() == 0
    }

    def "reading a missing key gives nothing, and its history is empty"() {
        expect:
        provider.read('missing').isEmpty()
        provider.history('missing').isEmpty()
    }

    def "reading after a write returns what was written, at the version the write reported"() {
        given:
        def record = SecretRecord.builder('written').text('hello').tag('env', 'prod').build()

        when:
        def result = provider.write(record, WriteCondition.createOnly(), WriteOptions.none())
        def read = provider.read('written').get()

        then:
        result.created()
        result.version() != null
        read.key() == 'written'
        read.value() == record.value()
        read.tags() == kept([env: 'prod'])
        read.version() == result.version()
    }

    def "readBatch returns the records found, in the order asked, and leaves out missing keys"() {
        given:
        ['one', 'two', 'three'].each { put(it, "value-$it") }

        when:
        def found = provider.readBatch(['three', 'missing', 'one', 'also-missing'])

        then:
        found.keySet().toList() == ['three', 'one']
        found.three.value().text() == 'value-three'
        found.one.value().text() == 'value-one'
        provider.readBatch([]).isEmpty()
        provider.readBatch(['missing']).isEmpty()
    }

    def "a create-only write of an existing key fails with EXISTS and leaves the value alone"() {
        given:
        put('k', 'first', WriteCondition.createOnly())

        when:
        put('k', CANARY, WriteCondition.createOnly())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.EXISTS
        e.key() == 'k'
        !e.retryable()
        !e.message.contains(CANARY)
        provider.read('k').get().value().text() == 'first'
    }

    def "a batch write succeeds or fails record by record, as single writes would"() {
        given: 'one key that exists already'
        put('taken', 'kept')

        when: 'a batch creates two new keys around a create-only write of the taken one'
        def outcomes = provider.writeBatch([
                new WriteRequest(SecretRecord.ofText('batch-1', 'one'), WriteCondition.createOnly(), WriteOptions.none()),
                new WriteRequest(SecretRecord.ofText('taken', CANARY), WriteCondition.createOnly(), WriteOptions.none()),
                new WriteRequest(SecretRecord.ofText('batch-2', 'two'), WriteCondition.upsert(), WriteOptions.none())])

        then: 'one outcome per request, in order'
        outcomes.size() == 3
        outcomes[0].failure() == null
        outcomes[1].failure().kind() == ProviderException.Kind.EXISTS
        !outcomes[1].failure().message.contains(CANARY)
        outcomes[2].failure() == null

        and: 'the two new keys are written at the versions reported, and the taken one is untouched'
        provider.read('batch-1').get().value().text() == 'one'
        provider.read('batch-1').get().version() == outcomes[0].result().version()
        provider.read('batch-2').get().value().text() == 'two'
        provider.read('taken').get().value().text() == 'kept'
    }

    def "an if-version write at a stale version fails with CONFLICT and leaves the value alone"() {
        given:
        def first = put('k', 'first')
        put('k', 'second')

        when:
        put('k', CANARY, WriteCondition.ifVersion(first.version()))

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        e.key() == 'k'
        !e.message.contains(CANARY)
        provider.read('k').get().value().text() == 'second'
    }

    def "an if-version write of a missing key fails with CONFLICT and creates nothing"() {
        when:
        put('k', 'v', WriteCondition.ifVersion('1'))

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        provider.read('k').isEmpty()
    }

    def "an if-version write at the current version makes a new version"() {
        given:
        def first = put('k', 'first')

        when:
        def second = put('k', 'second', WriteCondition.ifVersion(first.version()))

        then:
        !second.created()
        second.version() != first.version()
        provider.read('k').get().value().text() == 'second'
        provider.read('k').get().version() == second.version()
    }

    def "an upsert creates a missing key and updates an existing one"() {
        when:
        def created = put('k', 'first')
        def updated = put('k', 'second')

        then:
        created.created()
        !updated.created()
        updated.version() != created.version()
        provider.read('k').get().value().text() == 'second'
    }

    @Requires({ instance.supportsHistory() })
    def "every update makes a new version, and history lists them oldest first"() {
        given:
        def results = ['one', 'two', 'three'].collect { put('k', it) }

        when:
        def history = provider.history('k')

        then:
        history*.version() == results*.version()
        history*.value()*.text() == ['one', 'two', 'three']
        history.every { it.key() == 'k' }
        results*.version().unique().size() == 3
    }

    def "deleting removes the secret and its versions from reads, listings and history"() {
        given:
        put('k', 'one')
        put('k', 'two')
        put('kept', 'v')

        when:
        def deleted = provider.delete('k', null)

        then:
        deleted
        provider.read('k').isEmpty()
        provider.history('k').isEmpty()
        provider.readBatch(['k', 'kept']).keySet() == ['kept'] as Set
        pages('', 10)*.items().flatten()*.key == ['kept']
    }

    def "deleting a missing key returns false, with or without an expected version"() {
        expect:
        !provider.delete('missing', null)
        !provider.delete('missing', '1')
    }

    def "a delete at a stale version fails with CONFLICT and keeps the secret"() {
        given:
        def first = put('k', 'one')
        put('k', 'two')

        when:
        provider.delete('k', first.version())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        e.key() == 'k'
        provider.read('k').get().value().text() == 'two'
    }

    def "a delete at the current version deletes"() {
        given:
        def current = put('k', 'one')

        expect:
        provider.delete('k', current.version())
        provider.read('k').isEmpty()
    }

    def "a deleted key can be created again"() {
        given:
        put('k', 'one')
        provider.delete('k', null)

        when:
        def result = put('k', 'two', WriteCondition.createOnly())

        then:
        result.created()
        provider.read('k').get().value().text() == 'two'
    }

    @Requires({ instance.supportsBinaryValues() })
    def "binary values round-trip byte for byte: #what"() {
        given:
        def value = SecretValue.ofBytes(bytes as byte[])
        def record = SecretRecord.builder('binary').value(value).contentType(SecretRecord.BINARY).build()

        when:
        provider.write(record, WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('binary').get().value().bytes() == bytes as byte[]
        provider.readBatch(['binary']).binary.value().bytes() == bytes as byte[]
        provider.history('binary')[-1].value().bytes() == bytes as byte[]
        !supportsContentType() || provider.read('binary').get().contentType() == SecretRecord.BINARY

        where:
        what                                   | bytes
        'all 256 byte values'                  | (0..255)
        'all 256 byte values, descending'      | (255..0)
        'a lone continuation byte'             | [0x80]
        'an overlong encoding of /'            | [0xC0, 0xAF]
        'a truncated three-byte sequence'      | [0x61, 0xE2, 0x82]
        'a UTF-16 surrogate encoded in UTF-8'  | [0xED, 0xA0, 0x80]
        'bytes never valid in UTF-8'           | [0xFE, 0xFF] * 32
        'a single NUL'                         | [0x00]
        'text with one invalid byte in it'     | 'password:'.bytes.toList() + [0xFF] + 'tail'.bytes.toList()
    }

    @Requires({ !instance.supportsBinaryValues() })
    def "a value that is not UTF-8 is refused with INVALID, naming the key, and nothing is written"() {
        when:
        provider.write(SecretRecord.builder('binary').value(SecretValue.ofBytes([0x61, 0xFF, 0xFE] as byte[])).build(),
                WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.key() == 'binary'
        provider.read('binary').isEmpty()
    }

    def "unicode values round-trip exactly: #what"() {
        when:
        put('unicode', text)

        then:
        provider.read('unicode').get().value().text() == text
        provider.read('unicode').get().value().bytes() == text.getBytes('UTF-8')

        where:
        what                     | text
        'Cyrillic'               | 'пароль'
        'CJK'                    | '密码パスワード'
        'emoji beyond the BMP'   | 'key 🔑 lock 🔒'
        'combining marks'        | 'e\u0301 and \u00e9'
        'right to left'          | 'סיסמה'
        'an embedded NUL'        | 'before\u0000after'
        'line breaks and tabs'   | 'line1\r\nline2\n\tindented'
        'a JSON document'        | '{"user":"app","password":"p@ss \\"quoted\\""}'
    }

    @Requires({ instance.supportsEmptyValues() })
    def "an empty value round-trips as empty"() {
        when:
        provider.write(SecretRecord.builder('empty').value(SecretValue.empty()).build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('empty').get().value().isEmpty()
    }

    @Requires({ !instance.supportsEmptyValues() })
    def "an empty value is refused with INVALID, naming the key, and nothing is written"() {
        when:
        provider.write(SecretRecord.builder('empty').value(SecretValue.empty()).build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.key() == 'empty'
        provider.read('empty').isEmpty()
    }

    def "a value of #size bytes round-trips"() {
        given: 'random bytes, or random printable ASCII where the store holds only text'
        def random = new Random(size)
        byte[] bytes = new byte[size]
        random.nextBytes(bytes)
        if (!supportsBinaryValues()) {
            bytes = (0..<size).collect { (byte) (0x20 + random.nextInt(95)) } as byte[]
        }

        when:
        provider.write(SecretRecord.builder('sized').value(SecretValue.ofBytes(bytes)).build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('sized').get().value().bytes() == bytes

        where:
        size << [1, 1000, 16_000]
    }

    def "unusual keys round-trip and list exactly: '#key'"() {
        when:
        put(key, "value of $key")

        then:
        provider.read(key).get().key() == key
        provider.read(key).get().value().text() == "value of $key"
        provider.list('', null, 100).items()*.key == [key]
        provider.delete(key, null)

        where:
        key << unusualKeys()
    }

    @Requires({ !instance.supportsTags() })
    def "a store without tags accepts a tagged record and reads it back without tags"() {
        when:
        provider.write(SecretRecord.builder('tagged').text('v').tag('env', 'prod').build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('tagged').get().value().text() == 'v'
        provider.read('tagged').get().tags().isEmpty()
    }

    def "a key with #what is kept exactly, or refused before anything is written: never half-written"() {
        given:
        def key = "ctl${character}key"
        def predicted = provider.violations(SecretRecord.ofText(key, 'v'))

        when:
        def refused = failure { put(key, 'v') }

        then: 'the write refuses exactly what planning refuses'
        (refused == null) == predicted.isEmpty()

        and:
        refused == null ? keptExactly(key) : refusedCleanly(refused, key, character, predicted)

        where:
        what                       | character
        'a line feed'              | '\n'
        'a carriage return'        | '\r'
        'a tab'                    | '\t'
        'NUL'                      | '\u0000'
        'BEL'                      | '\u0007'
        'ESC'                      | '\u001b'
        'DEL'                      | '\u007f'
        'the C1 control NEL'       | '\u0085'
        'the C1 control CSI'       | '\u009b'
        'a right-to-left override' | '\u202e'
    }

    /** A key the store took: it reads back and lists as it was given, character for character. */
    boolean keptExactly(String key) {
        assert provider.read(key).get().key() == key
        assert provider.read(key).get().value().text() == 'v'
        assert provider.list('', null, 100).items()*.key == [key]
        assert provider.delete(key, null)
        true
    }

    /** A key the store refused: INVALID, naming the key and the character by its code point, with nothing left behind. */
    boolean refusedCleanly(ProviderException refused, String key, String character, List<String> predicted) {
        String codePoint = String.format('U+%04X', character.codePointAt(0))
        assert refused.kind() == ProviderException.Kind.INVALID
        assert refused.key() == key
        assert refused.message.contains(codePoint)
        assert predicted.any { it.contains(codePoint) }
        assert provider.list('', null, 100).items().isEmpty()
        true
    }

    @Requires({ instance.supportsTags() })
    def "tags round-trip, and a write replaces them"() {
        given:
        def tags = [env: 'prod', team: 'payments', 'ferry-managed-by': 'ferry']

        when:
        provider.write(SecretRecord.builder('tagged').text('v').tags(tags).build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('tagged').get().tags() == tags

        when:
        provider.write(SecretRecord.builder('tagged').text('v2').tags([env: 'dev']).build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('tagged').get().tags() == [env: 'dev']
    }

    @Requires({ instance.supportsContentType() })
    def "the content type round-trips"() {
        when:
        provider.write(SecretRecord.builder('json').text('{"a":1}').contentType(SecretRecord.JSON).build(), WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('json').get().contentType() == SecretRecord.JSON
    }

    def "a refused write says why with kind #kind, names the key, and never shows the value: #what"() {
        given:
        def key = (what == 'an invalid name') ? invalidKey() : 'k'
        assert key != null: 'the store accepts every candidate name; override invalidKey()'
        put('existing', 'v')
        def stale = put('k', 'one')
        put('k', 'two')

        when:
        def e = failure { action.call(provider, key, stale.version()) }

        then:
        e != null
        e.kind() == kind
        e.key() == key
        !e.message.contains(CANARY)
        !e.toString().contains(CANARY)

        where:
        what                     | kind                              | action
        'create of existing key' | ProviderException.Kind.EXISTS     | { p, k, v -> p.write(SecretRecord.ofText(k, CANARY), WriteCondition.createOnly(), WriteOptions.none()) }
        'stale version'          | ProviderException.Kind.CONFLICT   | { p, k, v -> p.write(SecretRecord.ofText(k, CANARY), WriteCondition.ifVersion(v), WriteOptions.none()) }
        'stale delete'           | ProviderException.Kind.CONFLICT   | { p, k, v -> p.delete(k, v) }
        'an invalid name'        | ProviderException.Kind.INVALID    | { p, k, v -> p.write(SecretRecord.ofText(k, CANARY), WriteCondition.upsert(), WriteOptions.none()) }
        'an oversize value'      | ProviderException.Kind.INVALID    | { p, k, v -> p.write(SecretRecord.builder(k).value(SecretValue.ofText(CANARY + 'x' * p.constraints().maxValueBytes())).build(), WriteCondition.upsert(), WriteOptions.none()) }
    }

    def "records, values and summaries never show a value in toString()"() {
        given:
        put('k', CANARY)

        expect:
        !provider.read('k').get().toString().contains(CANARY)
        !provider.read('k').get().value().toString().contains(CANARY)
        !provider.list('', null, 10).toString().contains(CANARY)
        !provider.toString().contains(CANARY)
    }

    def "re-writing an identical record with the same idempotency token after success loses nothing (#mode)"() {
        given:
        def base = put('k', 'before')
        if (mode == 'create-only') {
            provider.delete('k', null)
        }
        def condition = ['create-only': WriteCondition.createOnly(), upsert: WriteCondition.upsert(),
                         'if-version': WriteCondition.ifVersion(base.version())][mode]
        def record = SecretRecord.builder('k').text('after').tag('run', 'r1').build()
        def token = "ferry-run-1-item-1-${mode}"
        def first = provider.write(record, condition, new WriteOptions(token))
        def versionsBefore = provider.history('k').size()

        when: "the same write is retried, as a resumed run does when it cannot know whether the first one landed"
        WriteResult retried = null
        def e = failure { retried = provider.write(record, condition, new WriteOptions(token)) }

        then: "the retry succeeds, or a store without tokens refuses it as already done; the value is kept either way"
        e == null || (!supportsIdempotencyTokens() && e.kind() in [ProviderException.Kind.EXISTS, ProviderException.Kind.CONFLICT])
        provider.read('k').get().value().text() == 'after'
        provider.read('k').get().tags() == kept([run: 'r1'])

        and: "a store with tokens makes it a no-op that reports the first write's result"
        !supportsIdempotencyTokens() || (retried == first && provider.history('k').size() == versionsBefore)

        where:
        mode << ['create-only', 'upsert', 'if-version']
    }

    @Requires({ instance.supportsOddLastPages() })
    def "a listing ends, and lists each key once, when the store ends its last page with #how token"() {
        given:
        (0..6).each { put("page-$it", "v$it") }
        endListingsWith(how)

        expect:
        provider.stream('', 3).toList()*.key() == (0..6).collect { "page-$it" }
        provider.stream('', 100).toList()*.key() == (0..6).collect { "page-$it" }

        where:
        how << ['empty', 'same']
    }

    @Requires({ instance.supportsTags() })
    def "a record carrying the store's whole tag allowance and Ferry's mark is accepted, keeps every tag, and reads back as Ferry's"() {
        given: 'as many tags as the store allows a record (two hundred where it sets no limit)'
        int allowance = Math.min(provider.constraints().maxTags(), 200)
        def tags = (1..allowance).collectEntries { ["t$it".toString(), "v$it".toString()] }
        def record = Ownership.mark(SecretRecord.builder('full').text('v').contentType(SecretRecord.TEXT).tags(tags).build())

        expect:
        provider.violations(record).isEmpty()

        when: 'it is written as a run writes, with a token, and again with other tags'
        provider.write(record, WriteCondition.upsert(), WriteOptions.forRun('contract', 'full-1'))
        def first = provider.read('full').get()
        def changed = Ownership.mark(record.toBuilder().text('v2').tag('t1', 'changed').build())
        provider.write(changed, WriteCondition.upsert(), WriteOptions.forRun('contract', 'full-2'))
        def second = provider.read('full').get()

        then:
        first.tags() == record.tags()
        Ownership.isOwned(first)
        second.tags() == changed.tags()
        Ownership.isOwned(second)
        RecordChanges.between(second, changed, provider).isEmpty()
    }

    def "a record shows no change once written, so a re-run of a finished copy plans it unchanged: #what"() {
        given: 'the record as a run writes it: with the ownership mark and a tag, under a token'
        if (!value.isUtf8() && !supportsBinaryValues()) {
            throw new TestAbortedException('the store holds text only')
        }
        def record = Ownership.mark(SecretRecord.builder('settled').value(value).contentType(contentType).tag('env', 'prod').build())

        when:
        provider.write(record, WriteCondition.upsert(), WriteOptions.forRun('contract', what))
        def read = provider.read('settled').get()

        then:
        read.value() == record.value()
        RecordChanges.between(read, record, provider).isEmpty()

        where:
        what                                   | value                                         | contentType
        'text without a content type'          | SecretValue.ofText('plain')                   | null
        'text as text/plain'                   | SecretValue.ofText('plain')                   | SecretRecord.TEXT
        'a JSON object'                        | SecretValue.ofText('{"user":"app"}')          | SecretRecord.JSON
        'a JSON object without a content type' | SecretValue.ofText('{"user":"app"}')          | null
        'binary as application/octet-stream'   | SecretValue.ofBytes([0, 0xFF, 0x80] as byte[]) | SecretRecord.BINARY
        'binary without a content type'        | SecretValue.ofBytes([0, 0xFF, 0x80] as byte[]) | null
        'unicode with a content type of its own' | SecretValue.ofText('ключ 🔑 clé')            | 'application/x-pem-file'
    }

    @Requires({ !instance.keptAttribute().isEmpty() })
    def "a change of a kept attribute alone shows as a change, and none once written"() {
        given:
        def (name, first, second) = keptAttribute()
        def record = SecretRecord.builder('attributed').text('same').attribute(name, first).build()
        provider.write(record, WriteCondition.upsert(), WriteOptions.none())
        def changed = record.toBuilder().attribute(name, second).build()

        expect:
        RecordChanges.between(provider.read('attributed').get(), record, provider).isEmpty()
        RecordChanges.between(provider.read('attributed').get(), changed, provider).any { it.contains(name) }

        when:
        provider.write(changed, WriteCondition.upsert(), WriteOptions.none())

        then:
        provider.read('attributed').get().attributes()[name] == second
        RecordChanges.between(provider.read('attributed').get(), changed, provider).isEmpty()
    }

    def "the store claims to keep the enabled attribute exactly when it has a disabled state"() {
        expect:
        provider.keepsAttribute(SecretRecord.ENABLED) == supportsDisabled()
    }

    @Requires({ instance.supportsDisabled() })
    def "a record written disabled is held disabled with no change, and is written again and deleted at its version"() {
        given: 'a disabled record as a run writes it'
        def record = Ownership.mark(SecretRecord.builder('dormant').text('asleep').contentType(SecretRecord.TEXT)
                .tag('env', 'prod').attribute(SecretRecord.ENABLED, 'false').build())

        when:
        def written = provider.write(record, WriteCondition.createOnly(), WriteOptions.forRun('contract', 'dormant'))
        def withheld = provider.readDisabled('dormant')
        def held = withheld.orElseGet { provider.read('dormant').orElse(null) }

        then: 'the store gives it with its value, or, where it withholds a disabled value, its metadata'
        held != null
        held.isDisabled()
        held.version() == written.version()
        withheld.isPresent() ? held.value().isEmpty() : held.value().text() == 'asleep'
        RecordChanges.between(held, record, provider).isEmpty()

        and: 'it exists for a create-only write, and a retry with its token is the same write'
        failure { provider.write(record, WriteCondition.createOnly(), WriteOptions.none()) }?.kind() == ProviderException.Kind.EXISTS
        !supportsIdempotencyTokens() || provider.write(record, WriteCondition.createOnly(),
                WriteOptions.forRun('contract', 'dormant')).version() == written.version()

        when: 'it is written enabled at its version'
        def enabled = provider.write(record.toBuilder().text('awake').attribute(SecretRecord.ENABLED, 'true').build(),
                WriteCondition.ifVersion(written.version()), WriteOptions.none())

        then:
        provider.read('dormant').get().value().text() == 'awake'
        provider.readDisabled('dormant').isEmpty()

        when: 'it is disabled again, and deleted at that version'
        def again = provider.write(record, WriteCondition.ifVersion(enabled.version()), WriteOptions.none())
        def deleted = provider.delete('dormant', again.version())

        then:
        deleted
        provider.read('dormant').isEmpty()
        provider.readDisabled('dormant').isEmpty()
    }

    def "a rollback's restore, repeated with its token after it landed, makes no second version"() {
        given: 'a record a run overwrote, then restored by a rollback with its token'
        def before = SecretRecord.builder('restored').text('before').tag('ferry-managed-by', 'ferry').build()
        provider.write(before, WriteCondition.upsert(), WriteOptions.none())
        def ran = provider.write(SecretRecord.ofText('restored', 'run'), WriteCondition.upsert(), WriteOptions.forRun('contract', '1'))
        def token = WriteOptions.forRun('contract', 'rollback/1')
        def restore = provider.write(before, WriteCondition.ifVersion(ran.version()), token)
        def versions = provider.history('restored').size()

        when: 'the rollback was killed before it noted the restore, and makes it again'
        WriteResult again = null
        def e = failure { again = provider.write(before, WriteCondition.ifVersion(ran.version()), token) }

        then: 'a store with tokens reports the first restore; one without refuses it; the value is the restored one either way'
        supportsIdempotencyTokens() ? (e == null && again.version() == restore.version()) : e?.kind() == ProviderException.Kind.CONFLICT
        provider.history('restored').size() == versions
        provider.read('restored').get().value().text() == 'before'
    }

    def "the store reports itself healthy, and the write probe leaves no trace"() {
        given:
        put('existing', 'v')

        when:
        def quick = provider.health(false)
        def probed = provider.health(true)

        then:
        quick.healthy()
        quick.reachable() && quick.authenticated() && quick.canList()
        quick.canWrite() == null
        quick.problems().isEmpty()
        probed.healthy()
        probed.canWrite()
        probed.endpoint() != null
        pages('', 10)*.items().flatten()*.key == ['existing']
    }

    def "of #threads concurrent create-only writes of one key exactly one wins and the rest fail with EXISTS"() {
        given:
        def start = new CountDownLatch(1)
        def results = new ConcurrentLinkedQueue()

        when:
        def workers = (0..<threads).collect { n ->
            Thread.start {
                start.await()
                try {
                    results << [n, put('contended', "writer-$n", WriteCondition.createOnly())]
                } catch (Throwable e) {
                    results << [n, e]
                }
            }
        }
        start.countDown()
        workers*.join()
        def winners = results.findAll { it[1] instanceof WriteResult }

        then:
        winners.size() == 1
        results.findAll { !(it[1] instanceof WriteResult) }.every { it[1] instanceof ProviderException && it[1].kind() == ProviderException.Kind.EXISTS }
        provider.read('contended').get().value().text() == "writer-${winners[0][0]}"

        where:
        threads << [8]
    }

    def "concurrent writers of different keys all land"() {
        given:
        def failures = new ConcurrentLinkedQueue<Throwable>()

        when:
        (0..<4).collect { t ->
            Thread.start {
                try {
                    (0..<25).each { i -> put("concurrent-$t-$i", "v-$t-$i", WriteCondition.createOnly()) }
                } catch (Throwable e) {
                    failures << e
                }
            }
        }*.join()

        then:
        failures.isEmpty()
        provider.stream('concurrent-', 10).count() == 100
        provider.readBatch((0..<4).collectMany { t -> (0..<25).collect { "concurrent-$t-$it" as String } })
                .every { k, r -> r.value().text() == 'v-' + k.substring('concurrent-'.length()) }
    }
}
