package io.ferry.support

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.sql.Connection
import java.sql.DriverManager
import java.util.concurrent.TimeUnit
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream
import org.tukaani.xz.XZInputStream

/**
 * One real PostgreSQL server per test JVM, from the binaries the embedded-postgres artifacts carry on
 * Maven Central, so that nothing needs installing by hand. It is started here rather than by that
 * library's launcher because PostgreSQL refuses to run as root, which CI containers often are: as
 * root the server runs as {@code nobody}. It listens on 127.0.0.1 on a free port; the superuser
 * {@code postgres} needs no password, every other role its SCRAM password. A child JVM reaches the
 * parent's server through {@link #PORT_PROPERTY}.
 */
final class PostgresServer {

    static final String PORT_PROPERTY = 'ferry.test.postgres.port'

    private static final int NOBODY = 65534
    private static PostgresServer running

    final int port
    private final Path home
    private final Path data
    private final List<String> asServerUser

    private PostgresServer(int port, Path home, Path data, List<String> asServerUser) {
        this.port = port
        this.home = home
        this.data = data
        this.asServerUser = asServerUser
    }

    /** @return the server of this JVM (or of the parent JVM that started this one), started on first use */
    static synchronized PostgresServer get() {
        if (running == null) {
            String port = System.getProperty(PORT_PROPERTY)
            running = port ? new PostgresServer(port as int, null, null, []) : start()
        }
        running
    }

    /** @return a connection to a database as the superuser */
    Connection superuser(String database = 'postgres') {
        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:$port/$database", 'postgres', '')
    }

    /** Creates a database unless it exists. */
    void createDatabase(String name) {
        superuser().withCloseable { c ->
            def ps = c.prepareStatement('SELECT 1 FROM pg_database WHERE datname = ?')
            ps.setString(1, name)
            if (!ps.executeQuery().next()) {
                c.createStatement().execute("CREATE DATABASE \"$name\"")
            }
        }
    }

    private static PostgresServer start() {
        Path home = Files.createTempDirectory('ferry-postgres')
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString('rwxr-xr-x'))
        extract(home.resolve('dist'))
        Path data = home.resolve('data')
        Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rwx------')))
        List<String> asServerUser = []
        if (Files.getAttribute(home, 'unix:uid') == 0) {
            Files.setAttribute(data, 'unix:uid', NOBODY)
            Files.setAttribute(data, 'unix:gid', NOBODY)
            asServerUser = ['setpriv', "--reuid=$NOBODY", "--regid=$NOBODY", '--clear-groups']
        }
        def bin = home.resolve('dist/bin')
        run(asServerUser + [bin.resolve('initdb').toString(), '-D', data.toString(), '-U', 'postgres', '-A', 'trust',
                '-E', 'UTF8', '--locale=C', '--no-sync'], home.resolve('initdb.log'))
        Files.writeString(data.resolve('pg_hba.conf'), '''\
            local all all trust
            host all postgres 127.0.0.1/32 trust
            host all all 127.0.0.1/32 scram-sha-256
            '''.stripIndent())
        int port = new ServerSocket(0).withCloseable { it.localPort }
        run(asServerUser + [bin.resolve('pg_ctl').toString(), '-D', data.toString(), '-l', data.resolve('server.log').toString(),
                '-w', '-t', '300', '-o', "-p $port -h 127.0.0.1 -k ${data} -c fsync=off -c full_page_writes=off -c max_connections=200".toString(),
                'start'], home.resolve('pg_ctl.log'))
        def server = new PostgresServer(port, home, data, asServerUser)
        Runtime.runtime.addShutdownHook(new Thread({ server.stop() }))
        server
    }

    private void stop() {
        run(asServerUser + [home.resolve('dist/bin/pg_ctl').toString(), '-D', data.toString(), '-m', 'immediate', 'stop'],
                home.resolve('pg_ctl-stop.log'))
        home.toFile().deleteDir()
    }

    private static void run(List<String> command, Path log) {
        def process = new ProcessBuilder(command*.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start()
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("${command[0..<Math.min(command.size(), 5)]} failed: ${Files.readString(log)}")
        }
    }

    /** Unpacks the binaries for this platform (bin, lib, share), keeping modes and links. */
    private static void extract(Path to) {
        String os = System.getProperty('os.name').toLowerCase().contains('mac') ? 'darwin' : 'linux'
        String arch = System.getProperty('os.arch') in ['aarch64', 'arm64'] ? 'arm_64' : 'x86_64'
        String archive = "postgres-$os-${arch}.txz"
        def stream = PostgresServer.classLoader.getResourceAsStream(archive)
        if (stream == null) {
            throw new IllegalStateException("no $archive on the test class path; add the embedded-postgres binaries for this platform")
        }
        new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(stream))).withCloseable { tar ->
            def entry
            while ((entry = tar.nextEntry) != null) {
                Path target = to.resolve(entry.name).normalize()
                if (entry.directory) {
                    Files.createDirectories(target)
                } else if (entry.symbolicLink) {
                    Files.createDirectories(target.parent)
                    Files.createSymbolicLink(target, Path.of(entry.linkName))
                } else {
                    Files.createDirectories(target.parent)
                    Files.copy(tar, target)
                    Files.setPosixFilePermissions(target, (entry.mode & 0111) ? PosixFilePermissions.fromString('rwxr-xr-x')
                            : PosixFilePermissions.fromString('rw-r--r--'))
                }
            }
        }
        Files.walk(to).withCloseable { paths ->
            paths.filter { Files.isDirectory(it) && !Files.isSymbolicLink(it) }
                    .forEach { Files.setPosixFilePermissions(it, PosixFilePermissions.fromString('rwxr-xr-x')) }
        }
    }
}
