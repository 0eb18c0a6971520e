package io.ferry.files

import java.nio.file.FileAlreadyExistsException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The modes are set explicitly after creation, so they hold whatever the umask; FileModesIT proves
 * that through the packaged jar under umask 000 and 022.
 */
@Requires({ java.nio.file.FileSystems.default.supportedFileAttributeViews().contains('posix') })
class PrivateFilesSpec extends Specification {

    @TempDir
    Path dir

    def "missing directories are created 0700, and existing ones keep their mode"() {
        given:
        Files.createDirectory(dir.resolve('shared'))
        Files.setPosixFilePermissions(dir.resolve('shared'), PosixFilePermissions.fromString('rwxr-xr-x'))

        when:
        PrivateFiles.createDirectories(dir.resolve('shared/a/b'))

        then:
        mode(dir.resolve('shared')) == 'rwxr-xr-x'
        mode(dir.resolve('shared/a')) == 'rwx------'
        mode(dir.resolve('shared/a/b')) == 'rwx------'
    }

    def "a file is created 0600 with its directories 0700, exclusively"() {
        given:
        def file = dir.resolve('x/y/file')

        when:
        PrivateFiles.createFile(file)

        then:
        mode(file) == 'rw-------'
        mode(dir.resolve('x')) == 'rwx------'
        !PrivateFiles.createFileIfMissing(file)

        when:
        PrivateFiles.createFile(file)

        then:
        thrown(FileAlreadyExistsException)
    }

    def "a replaced file is 0600 even when it was readable before, and leaves no temporary file"() {
        given:
        def file = dir.resolve('report.json')
        Files.writeString(file, 'old')
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString('rw-r--r--'))

        when:
        PrivateFiles.replace(file, 'new')

        then:
        Files.readString(file) == 'new'
        mode(file) == 'rw-------'
        Files.list(dir).withCloseable { it.count() } == 1
    }

    def "an appended file is created 0600 and appended to"() {
        given:
        def file = dir.resolve('audit/run.jsonl')

        when:
        PrivateFiles.openAppend(file).withCloseable { it.write('one\n'.bytes) }
        PrivateFiles.openAppend(file).withCloseable { it.write('two\n'.bytes) }

        then:
        Files.readString(file) == 'one\ntwo\n'
        mode(file) == 'rw-------'
        mode(dir.resolve('audit')) == 'rwx------'
    }

    def "the home is \$HOME when it is set, the JVM's idea of it otherwise"() {
        expect:
        FerryHome.directory(environment) == Path.of(expected)

        where:
        environment       | expected
        [HOME: '/h/ops']  | '/h/ops/.ferry'
        [HOME: '']        | System.getProperty('user.home') + '/.ferry'
        [:]               | System.getProperty('user.home') + '/.ferry'
    }

    private static String mode(Path path) {
        PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
    }
}
