package io.ferry.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Statements on the state store's one connection, under the store's lock: the plumbing of the run
 * and step journals and of the tables beside them (retry queues, syncs, phases, shadow checks,
 * throughput), so that each says only what it reads and writes.
 */
final class Sql {

    private final StateStore store;

    Sql(StateStore store) {
        this.store = store;
    }

    StateStore store() {
        return store;
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs one statement in its own transaction. @return the rows it changed */
    int update(String what, String sql, Binder binder) {
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw store.failure(what, e);
            }
        }
    }

    /** Runs a query and reads its result set. */
    <T> T query(String what, String sql, Binder binder, Reader<T> reader) {
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return reader.read(rs);
                }
            } catch (SQLException e) {
                throw store.failure(what, e);
            }
        }
    }

    interface Rows {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs a query whose rows the reader consumes as it goes. */
    void read(String what, String sql, Binder binder, Rows rows) {
        query(what, sql, binder, rs -> {
            rows.read(rs);
            return null;
        });
    }

    interface Work {
        void run(Connection c) throws SQLException;
    }

    /** Runs several statements in one transaction. */
    void inTransaction(String what, Work work) {
        synchronized (store) {
            Connection c = store.connection();
            try {
                c.setAutoCommit(false);
                try {
                    work.run(c);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw store.failure(what, e);
            }
        }
    }
}
