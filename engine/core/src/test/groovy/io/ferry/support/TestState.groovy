package io.ferry.support

import io.ferry.state.StateLocation

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.sql.Connection
import java.sql.DriverManager

/**
 * Where a specification's state store is. By default the SQLite file {@code .ferry/state.db} in its
 * directory; when the suite runs with {@code -Dferry.test.state=postgresql} (the
 * {@code postgresql-state} execution), a database of its own on the suite's {@link PostgresServer},
 * named after the directory, so that a child JVM given the same directory opens the same store.
 */
final class TestState {

    static final String PROPERTY = 'ferry.test.state'

    private TestState() {
    }

    /** @return whether the suite runs the state specifications against PostgreSQL */
    static boolean postgres() {
        System.getProperty(PROPERTY) == 'postgresql'
    }

    /** @return the system properties a child JVM needs to open the same stores */
    static List<String> childProperties() {
        postgres() ? ["-D$PROPERTY=postgresql", "-D$PostgresServer.PORT_PROPERTY=${PostgresServer.get().port}"]*.toString() : []
    }

    /** @return the state store of the directory, its database created when on PostgreSQL */
    static StateLocation location(Path dir, String name = 'state') {
        if (!postgres()) {
            return StateLocation.file(dir.resolve('.ferry').resolve("${name}.db"))
        }
        def server = PostgresServer.get()
        String database = database(dir, name)
        server.createDatabase(database)
        StateLocation.parse("postgresql://postgres@127.0.0.1:${server.port}/$database", dir, [:])
    }

    /** @return the directory's state store as {@code --state} and the engine's configuration take it */
    static String text(Path dir) {
        if (!postgres()) {
            return dir.resolve('.ferry').resolve('state.db').toString()
        }
        location(dir)
        "postgresql://postgres@127.0.0.1:${PostgresServer.get().port}/${database(dir, 'state')}"
    }

    /** @return a plain connection to the directory's store, for specifications that read the tables themselves */
    static Connection connect(Path dir, String name = 'state') {
        postgres() ? PostgresServer.get().superuser(database(dir, name))
                : DriverManager.getConnection("jdbc:sqlite:${dir.resolve('.ferry').resolve("${name}.db")}")
    }

    /** @return whether the directory's store has been created and holds its tables */
    /**
     * Writes a lease as another process would hold it, for the specifications of what a process
     * that finds one does.
     */
    static void holdLease(Path dir, String lease, long pid, String host, java.time.Instant expires) {
        connect(dir).withCloseable { c ->
            def st = c.prepareStatement('INSERT INTO ferry_leases (name, pid, host, token, taken_at, expires_ms) VALUES (?, ?, ?, ?, ?, ?)')
            st.setString(1, lease)
            st.setLong(2, pid)
            st.setString(3, host)
            st.setString(4, UUID.randomUUID().toString())
            st.setString(5, java.time.Instant.now().toString())
            st.setLong(6, expires.toEpochMilli())
            st.executeUpdate()
        }
    }

    static boolean exists(Path dir, String name = 'state') {
        if (!postgres()) {
            return Files.exists(dir.resolve('.ferry').resolve("${name}.db"))
        }
        location(dir, name)
        connect(dir, name).withCloseable { c ->
            def rs = c.createStatement().executeQuery("SELECT to_regclass('ferry_runs') IS NOT NULL")
            rs.next() && rs.getBoolean(1)
        }
    }

    /**
     * @return everything the directory's store holds, for searching: the SQLite file and its
     *     write-ahead log as bytes, or every column of every table, bytes as they are
     */
    static String contents(Path dir, String name = 'state') {
        if (!postgres()) {
            return Files.list(dir.resolve('.ferry')).withCloseable { files ->
                files.filter { it.fileName.toString().startsWith("${name}.db") }.toList()
                        .collect { new String(Files.readAllBytes(it), 'ISO-8859-1') }.join()
            }
        }
        connect(dir, name).withCloseable { c ->
            def columns = c.createStatement().executeQuery("""SELECT table_name, column_name, data_type FROM information_schema.columns
                    WHERE table_schema = 'public' ORDER BY table_name, ordinal_position""")
            def text = new StringBuilder()
            def all = []
            while (columns.next()) { all << [columns.getString(1), columns.getString(2), columns.getString(3)] }
            all.each { table, column, type ->
                def rs = c.createStatement().executeQuery("SELECT \"$column\" FROM \"$table\"")
                while (rs.next()) {
                    text.append(type == 'bytea' ? new String(rs.getBytes(1) ?: new byte[0], 'ISO-8859-1') : rs.getString(1)).append('\n')
                }
            }
            text.toString()
        }
    }

    private static String database(Path dir, String name) {
        def digest = MessageDigest.getInstance('SHA-256').digest("${dir.toAbsolutePath()}/$name".getBytes('UTF-8'))
        'ferry_' + digest.encodeHex().toString().take(24)
    }
}
