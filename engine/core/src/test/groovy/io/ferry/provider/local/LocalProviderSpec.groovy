package io.ferry.provider.local

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.sql.DriverManager
import java.time.Instant
import java.util.concurrent.ConcurrentLinkedQueue
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

class LocalProviderSpec extends Specification {

    static final String PASSPHRASE = 'correct horse battery staple'

    @TempDir
    Path dir

    SecretProvider open(String uri = 'local:store.db', String passphrase = PASSPHRASE) {
        def environment = passphrase == null ? [:] : [FERRY_LOCAL_PASSPHRASE: passphrase]
        ProviderRegistry.load().open(uri, new ProviderContext(dir, environment, ProviderContext.PassphraseSource.none()))
    }

    void write(SecretProvider provider, String key, String text) {
        provider.write(SecretRecord.ofText(key, text), WriteCondition.upsert(), WriteOptions.none())
    }

    /** The bytes, modification time and sibling files of a store, to prove an open wrote nothing. */
    Map snapshot(Path file) {
        [bytes: Files.readAllBytes(file), modified: Files.getLastModifiedTime(file),
         files: Files.list(file.parent).withCloseable { it.map { it.fileName.toString() }.sorted().toList() }]
    }

    void sql(Path file, String... statements) {
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            c.createStatement().withCloseable { st -> statements.each { st.executeUpdate(it) } }
        }
    }

    def "the registry finds the local provider by its scheme"() {
        expect:
        ProviderRegistry.load().factory('local') instanceof LocalProviderFactory
    }

    def "a missing store is created with its directories, readable by its owner only"() {
        when:
        def provider = open('local:nested/deeper/store.db')
        write(provider, 'k', 'v')
        provider.close()
        def file = dir.resolve('nested/deeper/store.db')

        then:
        Files.isRegularFile(file)
        open('local:nested/deeper/store.db').withCloseable { it.read('k').get().value().text() } == 'v'

        and: "no WAL or shared-memory file is left once closed"
        Files.list(file.parent).withCloseable { it.map { it.fileName.toString() }.toList() } == ['store.db']
    }

    @Requires({ java.nio.file.FileSystems.default.supportedFileAttributeViews().contains('posix') })
    def "a new store file is readable and writable by its owner only"() {
        when:
        open().close()

        then:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve('store.db'))) == 'rw-------'
    }

    def "opening with the wrong passphrase fails with one clear line and writes nothing to the file"() {
        given:
        def provider = open()
        write(provider, 'db/password', 'hunter2')
        provider.close()
        def file = dir.resolve('store.db')
        def before = snapshot(file)
        Thread.sleep(20)

        when:
        open('local:store.db', 'tr0ub4dor')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.DENIED
        e.message == "wrong passphrase for local store $file: the key check failed; set FERRY_LOCAL_PASSPHRASE to the passphrase it was created with"
        e.cause == null
        !e.message.contains('tr0ub4dor')

        and:
        def after = snapshot(file)
        after.bytes == before.bytes
        after.modified == before.modified
        after.files == before.files

        and: "the right passphrase still opens it"
        open().withCloseable { it.read('db/password').get().value().text() } == 'hunter2'
    }

    def "without a passphrase the open fails naming the variable, and no file is created"() {
        when:
        open('local:new.db', null)

        then:
        def e = thrown(IllegalStateException)
        e.message.contains('FERRY_LOCAL_PASSPHRASE')
        !Files.exists(dir.resolve('new.db'))
    }

    def "a file that is not SQLite is refused with one line naming it and the fix, and is left as it was"() {
        given:
        def file = dir.resolve('notes.db')
        Files.write(file, content.bytes)
        def before = snapshot(file)

        when:
        open('local:notes.db')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message == "$file is not a Ferry local store (it is not an SQLite database); point local: at a Ferry store, or at a path where a new one should be created"
        !e.message.contains('\n')
        e.cause == null
        snapshot(file) == before

        where:
        content << ['these are my notes, not a database\n' * 20, 'tiny']
    }

    def "an SQLite file that is not a Ferry store is refused and left as it was: #what"() {
        given:
        def file = dir.resolve('other.db')
        sql(file, *statements)
        def before = snapshot(file)

        when:
        open('local:other.db')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message == "$file is an SQLite database but not a Ferry local store (no Ferry meta table); point local: at a Ferry store, or at a path where a new one should be created"
        e.cause == null
        snapshot(file) == before

        where:
        what                           | statements
        'no meta table'                | ['CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)', "INSERT INTO users VALUES (1, 'ann')"]
        'a foreign meta table'         | ['CREATE TABLE meta (k TEXT, v TEXT)', "INSERT INTO meta VALUES ('format', '1')"]
        'a meta table but no store id' | ['CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)', "INSERT INTO meta VALUES ('format', '1')"]
    }

    def "a store of a newer format is refused with the fix, and left as it was"() {
        given:
        open().close()
        def file = dir.resolve('store.db')
        sql(file, "UPDATE meta SET value = '99' WHERE name = 'format'")
        def before = snapshot(file)

        when:
        open()

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message == "$file is a Ferry local store of format 99, newer than this Ferry reads (format 2); upgrade Ferry to open it"
        snapshot(file) == before
    }

    def "a directory given as the store is refused"() {
        given:
        Files.createDirectory(dir.resolve('adir'))

        when:
        open('local:adir')

        then:
        def e = thrown(ProviderException)
        e.message.contains('is a directory')
    }

    def "a ciphertext copied into another row fails to decrypt with an error naming the key, never the values"() {
        given:
        def provider = open()
        write(provider, 'alpha', 'alpha-secret-canary')
        write(provider, 'beta', 'beta-secret-canary')
        provider.close()
        sql(dir.resolve('store.db'), "UPDATE versions SET value = (SELECT value FROM versions WHERE key = 'beta') WHERE key = 'alpha'")
        provider = open()

        when:
        provider."$operation"(argument)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.key() == 'alpha'
        e.message.startsWith("cannot decrypt 'alpha' version 1 in local store ${dir.resolve('store.db')}: its ciphertext was changed or belongs to another row")
        !e.message.contains('canary')

        and: "the untouched row still reads"
        provider.read('beta').get().value().text() == 'beta-secret-canary'

        cleanup:
        provider?.close()

        where:
        operation   | argument
        'read'      | 'alpha'
        'history'   | 'alpha'
        'readBatch' | ['beta', 'alpha']
    }

    def "a ciphertext moved to another version of the same key fails to decrypt"() {
        given:
        def provider = open()
        write(provider, 'k', 'first')
        write(provider, 'k', 'second')
        provider.close()
        sql(dir.resolve('store.db'), "UPDATE versions SET value = (SELECT value FROM versions WHERE key = 'k' AND version = 1) WHERE key = 'k' AND version = 2")
        provider = open()

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.message.contains("cannot decrypt 'k' version 2")

        cleanup:
        provider?.close()
    }

    def "reopening with the right passphrase keeps versions, tags, content type, attributes and timestamps"() {
        given:
        def provider = open()
        def expires = Instant.parse('2031-01-02T03:04:05.123456Z')
        provider.write(SecretRecord.builder('app/db').text('{"password":"one"}').contentType(SecretRecord.JSON)
                .tag('env', 'prod').tag('owner', 'payments').attribute('description', 'main database')
                .expiresAt(expires).build(), WriteCondition.createOnly(), WriteOptions.none())
        provider.write(SecretRecord.builder('app/db').value(SecretValue.ofBytes([0, 1, 2, 255] as byte[]))
                .contentType(SecretRecord.BINARY).tag('env', 'prod').build(), WriteCondition.ifVersion('1'), WriteOptions.none())
        write(provider, 'other', 'x')
        def history = provider.history('app/db')
        def current = provider.read('app/db').get()
        def listing = provider.list('', null, 10)
        provider.close()

        when:
        def reopened = open()

        then:
        reopened.history('app/db') == history
        reopened.read('app/db').get() == current
        reopened.list('', null, 10) == listing
        listing.items().find { it.key() == 'app/db' }.contentType() == SecretRecord.BINARY
        history*.version() == ['1', '2']
        history[0].tags() == [env: 'prod', owner: 'payments']
        history[0].attributes() == [description: 'main database']
        history[0].contentType() == SecretRecord.JSON
        history[0].expiresAt() == expires
        history[0].createdAt() != null
        history[0].createdAt() == history[1].createdAt()
        !history[1].updatedAt().isBefore(history[0].updatedAt())
        current.value().bytes() == [0, 1, 2, 255] as byte[]

        cleanup:
        reopened?.close()
    }

    def "no value appears in clear in the store's files, open or closed"() {
        given:
        def canary = 'CANARY-' + UUID.randomUUID()
        def provider = open()
        write(provider, 'text', canary)
        provider.write(SecretRecord.builder('json').text("""{"password":"$canary"}""").build(), WriteCondition.upsert(), WriteOptions.none())
        provider.write(SecretRecord.builder('large').text((canary + ' ') * 2000).build(), WriteCondition.upsert(), WriteOptions.none())
        write(provider, 'text', canary + '-v2')

        expect: "while the store is open, its WAL holds the newest pages"
        storeFiles().size() >= 2
        storeFiles().every { !contains(Files.readAllBytes(it), canary) && !contains(Files.readAllBytes(it), PASSPHRASE) }

        when:
        provider.close()

        then:
        storeFiles()*.fileName*.toString() == ['store.db']
        !contains(Files.readAllBytes(dir.resolve('store.db')), canary)
        !contains(Files.readAllBytes(dir.resolve('store.db')), PASSPHRASE)

        and: "the keys and tags are in clear: they are not secret, and a scan like this one would find them"
        contains(Files.readAllBytes(dir.resolve('store.db')), 'large')
    }

    List<Path> storeFiles() {
        Files.list(dir).withCloseable { it.filter { it.fileName.toString().startsWith('store.db') }.sorted().toList() }
    }

    static boolean contains(byte[] haystack, String needle) {
        new String(haystack, 'ISO-8859-1').contains(new String(needle.getBytes('UTF-8'), 'ISO-8859-1'))
    }

    def "a prefix scopes the view: keys are relative to it and nothing outside it is seen"() {
        given:
        def whole = open()
        write(whole, 'app/one', '1')
        write(whole, 'app/two', '2')
        write(whole, 'apple', 'not under app/')
        write(whole, 'other/one', 'x')
        def scoped = open('local:store.db?prefix=app/')

        when:
        write(scoped, 'three', '3')

        then:
        scoped.list('', null, 10).items()*.key() == ['one', 'three', 'two']
        scoped.list('t', null, 10).items()*.key() == ['three', 'two']
        scoped.read('one').get().key() == 'one'
        scoped.read('apple').isEmpty()
        scoped.readBatch(['two', 'one', 'missing']).keySet().toList() == ['two', 'one']
        whole.read('app/three').get().value().text() == '3'
        scoped.delete('one', null)
        whole.read('app/one').isEmpty()

        cleanup:
        [whole, scoped]*.close()
    }

    def "readBatch reads more keys than one query takes, in the order asked, leaving out missing ones"() {
        given:
        def provider = open()
        def keys = (0..<1200).collect { String.format('k%04d', it) }
        keys.each { write(provider, it, "value-$it") }
        def asked = (keys + (0..<100).collect { "missing-$it" as String }).reverse()

        when:
        def found = provider.readBatch(asked)

        then:
        found.keySet().toList() == keys.reverse()
        found.every { k, r -> r.key() == k && r.value().text() == "value-$k" }

        cleanup:
        provider.close()
    }

    def "a deleted and re-created secret never reuses a version, even after reopening"() {
        given:
        def provider = open()
        write(provider, 'k', 'a')
        write(provider, 'k', 'b')
        provider.delete('k', null)
        provider.close()
        provider = open()

        when:
        def result = provider.write(SecretRecord.ofText('k', 'c'), WriteCondition.createOnly(), WriteOptions.none())

        then:
        result.version() == '3'
        result.created()
        provider.history('k')*.version() == ['3']

        cleanup:
        provider.close()
    }

    def "a retried write with the same idempotency token is a no-op returning the first result, also after reopening"() {
        given:
        def provider = open()
        def record = SecretRecord.builder('k').text('v').tag('a', 'b').build()
        def first = provider.write(record, WriteCondition.createOnly(), new WriteOptions('run-1-item-7'))
        provider.close()
        provider = open()

        when:
        def retried = provider.write(record, WriteCondition.createOnly(), new WriteOptions('run-1-item-7'))

        then:
        retried == first
        retried.created()
        provider.history('k').size() == 1

        when:
        provider.write(SecretRecord.ofText('k', 'different'), WriteCondition.upsert(), new WriteOptions('run-1-item-7'))

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.CONFLICT
        provider.read('k').get().value().text() == 'v'

        cleanup:
        provider.close()
    }

    def "the write probe leaves no trace in the file"() {
        given:
        def provider = open()

        when:
        def report = provider.health(true)

        then:
        report.healthy()
        report.canWrite()
        report.endpoint() == dir.resolve('store.db').toString()
        provider.list('', null, 10).items().isEmpty()

        when:
        provider.close()

        then:
        DriverManager.getConnection("jdbc:sqlite:${dir.resolve('store.db')}").withCloseable { c ->
            c.createStatement().withCloseable { st ->
                ['secrets', 'versions'].collect { table -> st.executeQuery("SELECT count(*) FROM $table").withCloseable { it.next(); it.getInt(1) } }
            }
        } == [0, 0]
    }

    def "a closed store reports itself unhealthy and refuses work"() {
        given:
        def provider = open()
        provider.close()

        when:
        def report = provider.health(true)

        then:
        !report.healthy()
        report.problems().size() == 1
        report.problems()[0].contains('is closed')

        when:
        provider.read('k')

        then:
        thrown(ProviderException)
    }

    def "URI options other than prefix are refused, and a passphrase option is pointed to the variable"() {
        when:
        open('local:store.db?passphrase=secret')

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains("unknown option 'passphrase'")
        e.message.contains('FERRY_LOCAL_PASSPHRASE')
        !Files.exists(dir.resolve('store.db'))
    }

    def "a URI without a path is refused with an example"() {
        when:
        open('local:')

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains('local:secrets.db')
    }

    def "concurrent writers and readers see every write"() {
        given:
        def provider = open()
        def failures = new ConcurrentLinkedQueue<Throwable>()
        def threads = (0..<4).collect { t ->
            Thread.start {
                try {
                    (0..<100).each { i ->
                        provider.write(SecretRecord.ofText("t$t-$i", "v$i"), WriteCondition.createOnly(), WriteOptions.none())
                        assert provider.read("t$t-$i").get().value().text() == "v$i"
                    }
                } catch (Throwable e) {
                    failures << e
                }
            }
        }

        when:
        threads*.join()

        then:
        failures.isEmpty()
        provider.stream('', 50).count() == 400

        cleanup:
        provider.close()
    }
}
