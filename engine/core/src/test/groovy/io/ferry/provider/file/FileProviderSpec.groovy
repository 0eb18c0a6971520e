package io.ferry.provider.file

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.ProviderSpec
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

class FileProviderSpec extends FileStoreSpecification {

    def "the registry finds the file provider by its scheme"() {
        expect:
        ProviderRegistry.load().factory('file') instanceof FileProviderFactory
        'file' in ProviderRegistry.load().schemes()
    }

    def "a URI the provider cannot take is refused with the fix: #what"() {
        given:
        Files.writeString(dir.resolve('a.json'), '{}')
        Files.writeString(dir.resolve('a.txt'), 'K=v')

        when:
        open(uri)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(fix)

        where:
        what                        | uri                               || fix
        'no path'                   | 'file:'                           || 'write file:PATH'
        'an unknown option'         | 'file:a.json?colour=red'          || 'the file provider takes: format, nested, plaintext'
        'an unknown extension'      | 'file:a.txt'                      || '?format=json|yaml|dotenv|properties|k8s'
        'an unknown format'         | 'file:a.txt?format=xml'           || 'valid values: json, yaml, dotenv, properties, k8s'
        'nested=keep for dotenv'    | 'file:a.txt?format=dotenv&nested=keep' || 'applies to JSON and YAML files only'
        'a bad nested value'        | 'file:a.json?nested=deep'         || 'must be keep or flatten'
        'a bad plaintext value'     | 'file:a.json?plaintext=yes'       || 'must be true or false'
        'a directory'               | 'file:.?format=json'              || 'is a directory'
    }

    def "a missing file is one clear line when it is read"() {
        when:
        open('file:missing.env')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.NOT_FOUND
        e.message == "there is no file at ${dir.resolve('missing.env')}; check the path (a file is created only when a run writes to it with plaintext=true)"
    }

    def "without plaintext=true every write and delete is refused in one line naming the option, and the file is untouched"() {
        given:
        def store = file('.env', "KEY=$CANARY\n")
        def before = text('.env')

        expect:
        store.writeRefusal().get() == "file:.env would write secrets unencrypted to the plain-text file ${dir.resolve('.env')}; " +
                "add ?plaintext=true to the URI to accept that (the file is written owner-only), or write to an encrypted store such as local:secrets.db"

        when:
        action.call(store)

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID
        e.message == store.writeRefusal().get()
        text('.env') == before

        where:
        action << [{ it.write(SecretRecord.ofText('KEY', 'new'), WriteCondition.upsert(), WriteOptions.none()) },
                   { it.delete('KEY', null) },
                   { it.writeBatch([new io.ferry.spi.WriteRequest(SecretRecord.ofText('B', 'b'), WriteCondition.upsert(), null)]) }]
    }

    def "a written file is owner-only, even when it replaces a file anyone could read, and no temporary file is left"() {
        given: 'an existing file readable by everyone'
        def path = dir.resolve('wide.env')
        Files.writeString(path, 'OLD=1\n')
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString('rw-rw-rw-'))
        def store = open('file:wide.env?plaintext=true')

        when:
        put(store, SecretRecord.ofText('NEW', '2'))

        then:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) == 'rw-------'
        text('wide.env') == 'OLD=1\nNEW=2\n'
        Files.list(dir).withCloseable { it.map { it.fileName.toString() }.toList() }.findAll { it.endsWith('.tmp') }.isEmpty()
    }

    def "a new file is created owner-only with its directories by the first write"() {
        given:
        def store = open('file:out/deeper/new.json?plaintext=true', true)

        expect:
        !Files.exists(dir.resolve('out/deeper/new.json'))
        store.list('', null, 10).items().isEmpty()

        when:
        put(store, SecretRecord.ofText('k', 'v'))

        then:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve('out/deeper/new.json'))) == 'rw-------'
        parseJson(text('out/deeper/new.json')) == [k: 'v']
    }

    def "updates keep the file's order, new keys go at the end, and deletes rewrite the file without the key"() {
        given:
        def store = file('app.env', "# comment\nB=2\nA=1\nC=3\n", '?plaintext=true')

        when:
        put(store, SecretRecord.ofText('A', 'one'), SecretRecord.ofText('D', '4'))
        store.delete('B', null)

        then:
        text('app.env') == 'A=one\nC=3\nD=4\n'
    }

    def "a batch is written in one rewrite, and each record succeeds or fails alone"() {
        given:
        def store = file('app.env', 'TAKEN=1\n', '?plaintext=true')

        when:
        def outcomes = store.writeBatch([
                new io.ferry.spi.WriteRequest(SecretRecord.ofText('NEW', 'n'), WriteCondition.createOnly(), null),
                new io.ferry.spi.WriteRequest(SecretRecord.ofText('TAKEN', CANARY), WriteCondition.createOnly(), null),
                new io.ferry.spi.WriteRequest(SecretRecord.ofText('bad name', 'x'), WriteCondition.upsert(), null)])

        then:
        outcomes*.failure()*.kind() == [null, ProviderException.Kind.EXISTS, ProviderException.Kind.INVALID]
        text('app.env') == 'TAKEN=1\nNEW=n\n'
    }

    def "a change made to the file by someone else is seen by the next read"() {
        given:
        def store = file('app.env', 'A=1\n')
        def before = store.read('A').get().version()

        when:
        Files.writeString(dir.resolve('app.env'), 'A=2\nB=3\n')

        then:
        store.read('A').get().value().text() == '2'
        store.read('A').get().version() != before
        store.list('', null, 10).items()*.key() == ['A', 'B']
    }

    def "versions agree across providers of one user and differ under another journal key"() {
        given:
        Files.writeString(dir.resolve('app.env'), "A=$CANARY\n")
        def first = open('file:app.env').read('A').get().version()
        def again = open('file:app.env').read('A').get().version()
        def otherContext = new io.ferry.spi.ProviderContext(dir, [FERRY_JOURNAL_KEY_FILE: dir.resolve('other.key').toString()],
                io.ferry.spi.ProviderContext.PassphraseSource.none(), false)
        def other = ProviderRegistry.load().open('file:app.env', otherContext)
        opened << other

        expect:
        first == again
        first ==~ /[0-9a-f]{16}/
        other.read('A').get().version() != first
    }

    def "a malformed file makes the health check fail with the same line, and the listing refuse"() {
        given:
        def store = file('app.env', 'A=1\n')
        Files.writeString(dir.resolve('app.env'), "A=1\n$CANARY\n")

        when:
        def health = store.health(false)

        then:
        !health.healthy()
        health.problems().size() == 1
        health.problems()[0].contains('app.env:2:')
        !health.problems()[0].contains(CANARY)

        when:
        store.list('', null, 10)

        then:
        def e = thrown(ProviderException)
        e.message == health.problems()[0]
    }

    def "the write probe of the health check reports the missing option and touches nothing"() {
        given:
        def store = file('app.env', 'A=1\n')

        when:
        def health = store.health(true)

        then:
        !health.healthy()
        !health.canWrite()
        health.problems() == [store.writeRefusal().get()]
        text('app.env') == 'A=1\n'
    }

    def "the after-write notice names the plain-text copy only when plaintext=true"() {
        given:
        def factory = new FileProviderFactory()

        expect:
        factory.afterWriteNotice(ProviderSpec.parse('file:out.env?plaintext=true')).get() ==
                'a plain-text copy of the secrets is in out.env (owner-only); delete it once it has served its purpose'
        factory.afterWriteNotice(ProviderSpec.parse('file:out.env')).isEmpty()
    }

    def "a file that is not UTF-8 is refused at the line of the first bad byte"() {
        given:
        Files.write(dir.resolve('bad.env'), (('A=1\nB=' + CANARY).bytes.toList() + [(byte) 0xff] + '\n'.bytes.toList()) as byte[])

        when:
        open('file:bad.env')

        then:
        def e = thrown(ProviderException)
        e.message.startsWith(dir.resolve('bad.env').toString() + ':2:22: not valid dotenv: UTF-8 text')
        !e.message.contains(CANARY)
    }
}
