package io.ferry.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state store in a PostgreSQL database, which several machines can share: connections from a
 * small pool, the password from the URL, {@code PGPASSWORD} or the password file (never shown),
 * the schema version in Flyway's history table, and PostgreSQL's spelling of the statements
 * {@link Dialect} names. Failures to reach or use the server are one line naming host, port and
 * database, never the user or the password.
 */
final class PostgresDialect implements Dialect {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDialect.class);

    /** One connection for the journal, one for what runs beside it (a migration, a second thread). */
    private static final int POOL_SIZE = 2;

    /** SQLSTATE classes and codes the messages tell apart. */
    private static final String CONNECTION_CLASS = "08";
    private static final String INVALID_AUTHORIZATION_CLASS = "28";
    private static final String INVALID_CATALOG = "3D000";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final PostgresAddress address;
    private HikariDataSource pool;

    /** @param address the server and database */
    PostgresDialect(PostgresAddress address) {
        this.address = address;
    }

    @Override
    public String location() {
        return address.toString();
    }

    @Override
    public void open() {
        Password password = password();
        HikariConfig config = new HikariConfig();
        config.setPoolName("ferry-state");
        config.setJdbcUrl(address.jdbcUrl());
        config.setUsername(address.user());
        password.value().ifPresent(config::setPassword);
        address.properties().forEach(config::addDataSourceProperty);
        // Journal batches are multi-row inserts on the wire, not one round trip per row.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (!address.properties().containsKey("ApplicationName")) {
            config.addDataSourceProperty("ApplicationName", "ferry");
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        // The first connection is made now, so that a server that cannot be used is reported on open.
        config.setInitializationFailTimeout(1);
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw refusal(e, password);
        }
        // Said once the server answered, so that a refusal stays the one line it is.
        if (!address.sslMode().startsWith("verify") && !isLoopback(address.host())) {
            LOG.warn("state store {}: the server's TLS certificate is not verified (sslmode={}); give sslmode=verify-full",
                    location(), address.sslMode());
        }
        try {
            int version = appliedVersion();
            if (version > StateSchema.VERSION) {
                throw StateSchema.newer(location(), version);
            }
            if (version < StateSchema.VERSION) {
                StateSchema.migrate(pool, "postgresql");
            }
        } catch (SQLException e) {
            pool.close();
            throw new StateException("cannot read the state schema of " + location() + " (" + describe(e)
                    + "); check that the database is Ferry's and that its user may read it", e);
        } catch (FlywayException e) {
            pool.close();
            throw migrationRefusal(e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** @return the version in Flyway's history table, or 0 when the database has none */
    private int appliedVersion() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + StateSchema.HISTORY_TABLE + "') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(CAST(version AS INTEGER)), 0) FROM "
                    + StateSchema.HISTORY_TABLE + " WHERE success AND version IS NOT NULL")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Where the password comes from, named in messages; its value is never shown. */
    private record Password(Optional<String> value, String source) {
    }

    private Password password() {
        if (address.urlPassword() != null) {
            return new Password(Optional.of(address.urlPassword()), "the URL given to --state");
        }
        String fromEnvironment = address.environment().get("PGPASSWORD");
        if (fromEnvironment != null) {
            return new Password(Optional.of(fromEnvironment), "PGPASSWORD");
        }
        PgPassFile file = PgPassFile.of(address.environment());
        Optional<String> fromFile = file.passwordFor(address);
        return fromFile.isPresent() ? new Password(fromFile, file.file().toString())
                : new Password(Optional.empty(), "none found in PGPASSWORD or " + file.file());
    }

    private StateException refusal(RuntimeException e, Password password) {
        Optional<SQLException> sql = rootSql(e);
        String state = sql.map(SQLException::getSQLState).orElse("");
        Throwable root = root(e);
        if (state.startsWith(INVALID_AUTHORIZATION_CLASS)) {
            return new StateException("PostgreSQL at " + address.host() + ":" + address.port() + " refused the credentials for "
                    + "database " + address.database() + " (password: " + password.source() + "); check the user in --state "
                    + "and the password in PGPASSWORD or the password file", e);
        }
        if (state.equals(INVALID_CATALOG)) {
            return new StateException("database " + address.database() + " does not exist on PostgreSQL at " + address.host()
                    + ":" + address.port() + "; create it (createdb " + address.database() + ") or name another in --state", e);
        }
        if (state.startsWith(CONNECTION_CLASS) || root instanceof ConnectException || root instanceof UnknownHostException
                || root instanceof NoRouteToHostException || root instanceof SocketTimeoutException) {
            return new StateException("cannot reach the PostgreSQL state store at " + address.host() + ":" + address.port()
                    + " (" + reason(root) + "); check that the server runs and accepts TCP connections there, "
                    + "and the host, port, sslmode and any firewall between", e);
        }
        return new StateException("cannot open the state store " + location() + " (" + describe(sql.map(t -> (Throwable) t)
                .orElse(root)) + ")", e);
    }

    private StateException migrationRefusal(FlywayException e) {
        Throwable cause = StateSchema.cause(e);
        if (cause instanceof SQLException sql && INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState())) {
            return new StateException("database " + address.database() + " on " + address.host() + ":" + address.port()
                    + " lacks Ferry's state schema (version " + StateSchema.VERSION + ") and its user may not create it ("
                    + describe(sql) + "); run Ferry once as a user with CREATE on the schema, or have the owner GRANT CREATE "
                    + "ON SCHEMA public TO the user", e);
        }
        return new StateException("cannot bring state store " + location() + " to state schema version " + StateSchema.VERSION
                + " (" + describe(cause) + "); nothing of that version was kept", e);
    }

    private static String reason(Throwable root) {
        if (root instanceof UnknownHostException) {
            return "unknown host";
        }
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        if (root instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (root instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return root.getClass().getSimpleName();
    }

    private static Optional<SQLException> rootSql(Throwable e) {
        SQLException found = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                found = sql;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public Connection borrow() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void release(Connection connection) throws SQLException {
        connection.close();
    }

    @Override
    public String insertOrIgnore(String table, String columns) {
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + Database.marks(columns.split(",").length)
                + ") ON CONFLICT DO NOTHING";
    }

    @Override
    public String greatest(String a, String b) {
        return "greatest(" + a + ", " + b + ")";
    }

    @Override
    public String joinWithUnitSeparator(String expression) {
        return "string_agg(" + expression + ", chr(31))";
    }

    @Override
    public String insertionOrder() {
        return "inserted";
    }

    @Override
    public String describe(Throwable e) {
        return Dialect.firstLine(e).replaceFirst("^(ERROR|FATAL):\\s*", "");
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
