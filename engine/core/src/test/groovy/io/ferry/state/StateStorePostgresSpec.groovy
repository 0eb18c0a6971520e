package io.ferry.state

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.support.PostgresServer
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.atomic.AtomicInteger
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** The state store on a real PostgreSQL server: what it keeps, and how it refuses a server it cannot use. */
class StateStorePostgresSpec extends Specification {

    static final String CANARY = 'pg-canary-7f3a9c'
    static final AtomicInteger DATABASES = new AtomicInteger()

    @Shared
    PostgresServer server = PostgresServer.get()

    @TempDir
    Path dir

    JournalKey key

    def setup() {
        key = JournalKey.loadOrCreate(dir.resolve('keys/journal.key'))
    }

    /** @return a fresh database, owned by the superuser */
    private String database() {
        String name = "ferry_pg_spec_${DATABASES.incrementAndGet()}_${ProcessHandle.current().pid()}"
        server.createDatabase(name)
        name
    }

    private void superuser(String database, String sql) {
        server.superuser(database).withCloseable { it.createStatement().execute(sql) }
    }

    private List<String> tables(String database) {
        server.superuser(database).withCloseable { c ->
            def rs = c.createStatement().executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            def names = []
            while (rs.next()) { names << rs.getString(1) }
            names
        }
    }

    private StateLocation location(String url, Map<String, String> env = [:]) {
        StateLocation.parse(url, dir, env)
    }

    private static JournalItem item(long seq, String key, String value) {
        new JournalItem(seq, key, key, Action.CREATE, null, [], [], true, null, null,
                SecretRecord.builder(key).value(SecretValue.ofText(value)).build(), null, ItemStatus.PENDING, 0, null, null)
    }

    def "a store on PostgreSQL keeps runs and their sealed images, and is at the current schema version"() {
        given:
        def db = database()
        def where = location("postgresql://postgres@127.0.0.1:${server.port}/$db")

        when:
        StateStore.open(where, key).withCloseable { store ->
            def run = store.createRun(new RunRecord('run-1', 'rb', null, null, 'memory:a', 'memory:b', RunStatus.PLANNING,
                    RunStage.DISCOVERY, 'me', null, null, null, '{}', null, null, 0))
            run.insertItems([item(1, 'app/a', CANARY), item(2, 'app/b', 'other')], { it })
            run.status(RunStatus.SUCCEEDED, RunStage.DONE, null)
        }
        def reopened = StateStore.open(where, key)

        then:
        where.toString() == "postgresql://127.0.0.1:${server.port}/$db"
        reopened.run('run-1').get().status() == RunStatus.SUCCEEDED
        reopened.openRun('run').runId() == 'run-1'

        and: 'the images are sealed: the value is nowhere in the tables'
        server.superuser(db).withCloseable { c ->
            def rs = c.createStatement().executeQuery('SELECT encode(desired_image, \'escape\') FROM ferry_items')
            def all = []
            while (rs.next()) { all << rs.getString(1) }
            all.size() == 2 && all.every { !it.contains(CANARY) }
        }

        and:
        server.superuser(db).withCloseable { c ->
            def rs = c.createStatement().executeQuery('SELECT max(CAST(version AS INTEGER)) FROM ferry_schema_history WHERE success')
            rs.next() && rs.getInt(1) == StateSchema.VERSION
        }

        cleanup:
        reopened?.close()
    }

    def "an unreachable server is one line naming host and port and what to check, and nothing of the URL else"() {
        given:
        int closed = new ServerSocket(0).withCloseable { it.localPort }

        when:
        StateStore.open(location("postgresql://ferry:$CANARY@127.0.0.1:$closed/ferry?sslmode=disable"), key)

        then:
        def e = thrown(StateException)
        e.message == "cannot reach the PostgreSQL state store at 127.0.0.1:$closed (connection refused); check that the server " +
                'runs and accepts TCP connections there, and the host, port, sslmode and any firewall between'
        !e.message.contains(CANARY)
        !e.message.contains('ferry:')
    }

    def "wrong credentials are refused in one line naming where the password came from, never the password"() {
        given:
        def db = database()
        superuser(db, "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wrong_pw') THEN CREATE ROLE wrong_pw LOGIN PASSWORD 'right'; END IF; END\$\$")

        when:
        StateStore.open(location("postgresql://wrong_pw@127.0.0.1:${server.port}/$db", [PGPASSWORD: CANARY]), key)

        then:
        def e = thrown(StateException)
        e.message == "PostgreSQL at 127.0.0.1:${server.port} refused the credentials for database $db (password: PGPASSWORD); " +
                'check the user in --state and the password in PGPASSWORD or the password file'
        !e.message.contains(CANARY)
        tables(db).isEmpty()
    }

    def "the password comes from the password file when PGPASSWORD is not set, and a file others can read is refused"() {
        given:
        def db = database()
        superuser(db, "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgpass_user') THEN CREATE ROLE pgpass_user LOGIN PASSWORD 'from:file'; END IF; END\$\$")
        superuser(db, 'GRANT CREATE ON SCHEMA public TO pgpass_user')
        def pgpass = dir.resolve('pgpass')
        Files.writeString(pgpass, "# host:port:database:user:password\nother:*:*:*:nope\n127.0.0.1:${server.port}:$db:pgpass_user:from\\:file\n")
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString(mode))
        def where = location("postgresql://pgpass_user@127.0.0.1:${server.port}/$db", [PGPASSFILE: pgpass.toString()])

        when:
        def opened = opens(where)

        then:
        opened == expected.replace('PGPASS', pgpass.toString())

        where:
        mode        || expected
        'rw-------' || 'opened'
        'rw-r--r--' || 'password file PGPASS can be read or written by other users (mode rw-r--r--); run chmod 600 PGPASS'
    }

    private String opens(StateLocation where) {
        try {
            StateStore.open(where, key).close()
            'opened'
        } catch (StateException e) {
            e.message
        }
    }

    def "a database without the schema whose user may not create it is refused, and is left without a table"() {
        given:
        def db = database()
        superuser(db, 'REVOKE CREATE ON SCHEMA public FROM PUBLIC')
        superuser(db, "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader') THEN CREATE ROLE reader LOGIN PASSWORD 'reader'; END IF; END\$\$")

        when:
        StateStore.open(location("postgresql://reader@127.0.0.1:${server.port}/$db", [PGPASSWORD: 'reader']), key)

        then:
        def e = thrown(StateException)
        e.message.startsWith("database $db on 127.0.0.1:${server.port} lacks Ferry's state schema (version ${StateSchema.VERSION}) " +
                'and its user may not create it (permission denied for schema public')
        e.message.endsWith('run Ferry once as a user with CREATE on the schema, or have the owner GRANT CREATE ON SCHEMA public TO the user')
        !e.message.contains('\n')
        tables(db).isEmpty()
    }

    def "a database that does not exist is named, with how to create it"() {
        when:
        StateStore.open(location("postgresql://postgres@127.0.0.1:${server.port}/no_such_db"), key)

        then:
        def e = thrown(StateException)
        e.message == "database no_such_db does not exist on PostgreSQL at 127.0.0.1:${server.port}; create it (createdb no_such_db) " +
                'or name another in --state'
    }

    def "a store of a newer schema is refused with one line and left as it was"() {
        given:
        def db = database()
        def where = location("postgresql://postgres@127.0.0.1:${server.port}/$db")
        StateStore.open(where, key).close()
        superuser(db, """INSERT INTO ferry_schema_history (installed_rank, version, description, type, script, checksum,
            installed_by, execution_time, success) VALUES (100, '${StateSchema.VERSION + 1}', 'later', 'SQL', 'V${StateSchema.VERSION + 1}__later.sql',
            0, 'postgres', 1, true)""")
        def before = tables(db)

        when:
        StateStore.open(where, key)

        then:
        def e = thrown(StateException)
        e.message == "state store postgresql://127.0.0.1:${server.port}/$db was written by a newer Ferry (state schema version " +
                "${StateSchema.VERSION + 1}, this Ferry reads up to ${StateSchema.VERSION}); upgrade Ferry to use it"
        tables(db) == before
    }

    def "a malformed URL is refused before anything is reached: #why"() {
        when:
        location(url)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(says)
        !e.message.contains(CANARY)

        where:
        why                    | url                                                         || says
        'no host'              | "postgresql://u:$CANARY@/db"                                || 'names no host'
        'an unknown parameter' | "postgresql://u:$CANARY@h/db?passwd=$CANARY"               || "has the parameter 'passwd'"
        'a wrong sslmode'      | "postgresql://u@h/db?sslmode=$CANARY"                      || 'has an sslmode that is none of disable'
    }
}
