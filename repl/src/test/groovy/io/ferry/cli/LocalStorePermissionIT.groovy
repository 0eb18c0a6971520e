package io.ferry.cli

import io.ferry.secret.SecretRecord
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit

/**
 * A local store where the file system's permissions stand in the way: the jar, in its own JVM, names
 * the permission and the fix. Root ignores file permissions, so as root the jar runs as 'nobody'
 * (with setpriv); as any other user it runs as that user.
 */
@Requires(value = { LocalStorePermissionIT.canDropRoot() },
        reason = 'running as root without setpriv: root ignores file permissions, so nothing could be refused')
class LocalStorePermissionIT extends Specification {

    static final Path JAR = Path.of(System.getProperty('ferry.jar', 'target/ferry.jar')).toAbsolutePath()
    static final String PASSPHRASE = 'permission-it'
    static final boolean ROOT = System.getProperty('user.name') == 'root'

    @TempDir
    Path tmp

    Path dir

    def setup() {
        // Readable and searchable by the unprivileged user the jar runs as.
        dir = Files.createDirectories(tmp.resolve('work'))
        [tmp, dir].each { mode(it, 'rwxr-xr-x') }
    }

    def "creating a store in a directory this user cannot write says so and how to fix it, and creates nothing"() {
        given:
        def readOnly = Files.createDirectories(dir.resolve('ro'))
        mode(readOnly, 'r-xr-xr-x')

        when:
        def result = ferry('value\n', 'put', 'local:ro/new.db', 'app/key')

        then:
        result.exitCode == 6
        result.err.readLines().size() == 1
        result.err.contains("cannot create local store ${readOnly.resolve('new.db')}: permission denied to create ${readOnly.resolve('new.db')} (${readOnly} is not writable by this user)")
        result.err.contains("make ${readOnly} writable by the user ferry runs as")
        !result.err.contains('Exception')
        Files.list(readOnly).withCloseable { it.count() } == 0
    }

    def "a store in a directory this user cannot write is named as such, not as something other than a store"() {
        given: 'a store anyone may write, in a directory this user may not'
        def kept = Files.createDirectories(dir.resolve('kept'))
        def store = kept.resolve('store.db')
        new FerryCli(kept, [FERRY_LOCAL_PASSPHRASE: PASSPHRASE]).write('local:store.db', SecretRecord.ofText('app/key', 'v'))
        mode(store, 'rw-rw-rw-')
        mode(kept, 'r-xr-xr-x')

        when:
        def result = ferry('', 'ls', 'local:kept/store.db')

        then:
        result.exitCode == 6
        result.err.readLines().size() == 1
        result.err.contains("cannot open local store ${store}: its directory ${kept} is not writable by this user")
        result.err.contains('make the directory writable by the user ferry runs as')
        !result.err.contains('not a Ferry local store')
    }

    def "a store file this user cannot read is named as such"() {
        given:
        def store = dir.resolve('private.db')
        new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: PASSPHRASE]).write('local:private.db', SecretRecord.ofText('app/key', 'v'))
        mode(store, ROOT ? 'rw-------' : '-w-------')

        when:
        def result = ferry('', 'ls', 'local:private.db')

        then:
        result.exitCode == 6
        result.err.readLines().size() == 1
        result.err.contains("cannot read local store ${store}: the file is not readable by this user")
        !result.err.contains('Exception')
    }

    private FerryCli.Result ferry(String input, String... args) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def command = (ROOT ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : []) +
                [java, '-Dfile.encoding=UTF-8', '-jar', JAR.toString()] + args.toList()
        def builder = new ProcessBuilder(command).directory(dir.toFile())
        builder.environment().put('FERRY_LOCAL_PASSPHRASE', PASSPHRASE)
        builder.environment().put('FERRY_JOURNAL_KEY_FILE', dir.resolve('journal.key').toString())
        def child = builder.start()
        child.outputStream.withCloseable { it.write(input.getBytes('UTF-8')) }
        def out = new StringBuilder()
        def err = new StringBuilder()
        def readers = [Thread.start { out << child.inputStream.getText('UTF-8') },
                       Thread.start { err << child.errorStream.getText('UTF-8') }]
        // Only a bound against a hang; the command ends on its own long before it.
        assert child.waitFor(5, TimeUnit.MINUTES): "ferry ${args.join(' ')} did not finish within 5 minutes"
        readers*.join()
        new FerryCli.Result(child.exitValue(), out.toString(), err.toString())
    }

    private static void mode(Path path, String permissions) {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions))
    }

    static boolean canDropRoot() {
        System.getProperty('user.name') != 'root' || ['/usr/bin/setpriv', '/bin/setpriv'].any { Files.isExecutable(Path.of(it)) }
    }
}
