package io.ferry.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The state store's connections, and the only code that touches them: statements take their
 * parameters as values, bound by type, and map each row with a {@link Row}, so that each table's
 * class says only what it reads and writes. Each statement, or each transaction, borrows a
 * connection from the {@link Dialect} and gives it back. Calls hold this object's lock, so a
 * transaction is never interleaved with another thread's statement.
 */
final class Database implements AutoCloseable {

    /** Maps the current row of a result set. */
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work on a connection. */
    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private final Dialect dialect;
    /** The connection of the transaction under way, or null outside one. */
    private Connection transaction;

    /** @param dialect the database underneath, opened here */
    Database(Dialect dialect) {
        this.dialect = dialect;
        dialect.open();
    }

    Dialect dialect() {
        return dialect;
    }

    /** @return where the store is, for messages */
    String location() {
        return dialect.location();
    }

    /**
     * Runs one statement; outside {@link #inTransaction} it is its own transaction.
     *
     * @return the rows it changed
     */
    synchronized int update(String what, String sql, Object... params) {
        return on(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                return ps.executeUpdate();
            }
        });
    }

    /** Runs one statement once per row of parameters, as one batch in one transaction. */
    synchronized void batch(String what, String sql, Collection<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        inTransaction(what, () -> on(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] params : rows) {
                    bind(ps, params);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        }));
    }

    /** @return every row the query yields, mapped */
    synchronized <T> List<T> list(String what, String sql, Row<T> row, Object... params) {
        return on(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(row.map(rs));
                    }
                    return rows;
                }
            }
        });
    }

    /** @return the first row the query yields, mapped, if there is one */
    synchronized <T> Optional<T> first(String what, String sql, Row<T> row, Object... params) {
        return on(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(row.map(rs)) : Optional.<T>empty();
                }
            }
        });
    }

    /** @return the first column of the query's one row as a number; for counts and maxima */
    long number(String what, String sql, Object... params) {
        return first(what, sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Runs statements in one transaction: all of them take effect, or none. */
    void inTransaction(String what, Runnable work) {
        inTransaction(what, () -> {
            work.run();
            return null;
        });
    }

    /** Runs statements in one transaction and returns what they found. */
    synchronized <T> T inTransaction(String what, Supplier<T> work) {
        if (transaction != null) {
            // Already inside this thread's transaction, which commits or rolls back as a whole.
            return work.get();
        }
        try {
            Connection c = dialect.borrow();
            try {
                c.setAutoCommit(false);
                transaction = c;
                T result = work.get();
                c.commit();
                return result;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                transaction = null;
                try {
                    c.setAutoCommit(true);
                } finally {
                    dialect.release(c);
                }
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs work on the transaction's connection, or on a connection borrowed for it alone. */
    private <T> T on(String what, Work<T> work) {
        try {
            if (transaction != null) {
                return work.on(transaction);
            }
            Connection c = dialect.borrow();
            try {
                return work.on(c);
            } finally {
                dialect.release(c);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Finds the ids a prefix may mean, for runs and syncs alike.
     *
     * @param kind what the ids name, for messages
     * @param table the table
     * @param idColumn its id column
     * @param orderColumn the column that orders matches in a message
     * @param prefix an id or a prefix of one
     * @return the id itself when it exists, else up to three ids it begins
     */
    List<String> idsStartingWith(String kind, String table, String idColumn, String orderColumn, String prefix) {
        List<String> matches = list("look up " + kind + " " + prefix, "SELECT " + idColumn + " FROM " + table + " WHERE " + idColumn
                + " = ? OR substr(" + idColumn + ", 1, length(?)) = ? ORDER BY " + orderColumn + " LIMIT 3",
                rs -> rs.getString(1), prefix, prefix, prefix);
        return matches.contains(prefix) ? List.of(prefix) : matches;
    }

    StateException failure(String what, SQLException e) {
        return new StateException("cannot " + what + " in state store " + location() + ": " + dialect.describe(e), e);
    }

    /** @return {@code n} parameter marks, comma-separated */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** @return a parameter mark per value, for {@code IN (...)}; bind the collection itself as one parameter */
    static String marks(Collection<?> values) {
        return marks(values.size());
    }

    /**
     * Binds parameters by type: text, numbers, booleans as 0 or 1, bytes, instants as ISO-8601 text,
     * enums by name, null as NULL; a collection binds each of its elements in turn.
     */
    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        int at = 1;
        for (Object value : params) {
            if (value instanceof Collection<?> values) {
                for (Object v : values) {
                    bindOne(ps, at++, v);
                }
            } else {
                bindOne(ps, at++, value);
            }
        }
    }

    private static void bindOne(PreparedStatement ps, int at, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(at, Types.NULL);
        } else if (value instanceof String s) {
            ps.setString(at, s);
        } else if (value instanceof Integer || value instanceof Long) {
            ps.setLong(at, ((Number) value).longValue());
        } else if (value instanceof Double d) {
            ps.setDouble(at, d);
        } else if (value instanceof Boolean b) {
            ps.setInt(at, b ? 1 : 0);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(at, bytes);
        } else if (value instanceof Instant t) {
            ps.setString(at, t.toString());
        } else if (value instanceof Enum<?> e) {
            ps.setString(at, e.name());
        } else {
            throw new IllegalArgumentException("no binding for a " + value.getClass().getName());
        }
    }

    @Override
    public synchronized void close() {
        dialect.close();
    }
}
