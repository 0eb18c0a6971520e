package io.ferry.state;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a state store's SQL depends on in the database underneath: how the store is opened (made,
 * checked, and brought to {@link StateSchema#VERSION}), where its connections come from, and the few
 * statements databases spell differently. Every other statement the journals run is plain SQL that
 * SQLite and PostgreSQL both read.
 */
interface Dialect extends AutoCloseable {

    /**
     * Opens the store, creating it when it is new and migrating its schema when it is behind.
     *
     * @throws StateException naming the store and the fix when it cannot be used
     */
    void open();

    /**
     * @return a connection to the store, in auto-commit mode
     * @throws SQLException when none can be had
     */
    Connection borrow() throws SQLException;

    /**
     * Gives back a connection {@link #borrow()} lent.
     *
     * @param connection the connection
     * @throws SQLException when it cannot be given back
     */
    void release(Connection connection) throws SQLException;

    /** @return where the store is, for messages; never a password */
    String location();

    /**
     * @param table a table
     * @param columns its columns to set
     * @return an insert of one row that does nothing when the row's key is taken
     */
    String insertOrIgnore(String table, String columns);

    /**
     * @param a an expression
     * @param b another
     * @return the larger of the two
     */
    String greatest(String a, String b);

    /**
     * @param expression a text column
     * @return an aggregate joining the group's values with the unit separator (U+001F)
     */
    String joinWithUnitSeparator(String expression);

    /** @return an expression that orders a table's rows as they were inserted */
    String insertionOrder();

    /**
     * @param e a failure of the database
     * @return its first line, without the driver's code prefix, for one-line messages
     */
    String describe(Throwable e);

    /**
     * @param e a failure of the database
     * @return the first line of its message, or its type when it has none: drivers put the detail,
     *     which may quote a row, on the lines after
     */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Closes the store's connections. */
    @Override
    void close();
}
