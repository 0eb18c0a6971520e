package io.ferry.state;

import java.sql.Connection;
import java.util.List;

/**
 * What a state store's SQL depends on in the database underneath: how a connection is made ready
 * (and its schema version checked and recorded), the column types of the schema, and the few
 * statements databases spell differently. Every other statement the journals run is plain SQL that
 * SQLite and PostgreSQL both read, so a second database is one more implementation of this type.
 */
interface Dialect {

    /**
     * Opens the one connection the store uses, with the schema in place.
     *
     * @param schema the schema's statements, written with the neutral types of {@link Schema}
     * @param version the schema version the code writes and reads
     * @return the connection
     * @throws StateException naming the store and the fix when it cannot be opened
     */
    Connection connect(List<String> schema, int version);

    /** @return where the store is, for messages */
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
}
