package io.ferry.state;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Ferry's own schema: versioned migrations, one directory per dialect under
 * {@code io/ferry/state/schema/}, applied with Flyway and recorded in {@value #HISTORY_TABLE}.
 * Version 1 is the schema every Ferry wrote before the history existed, in idempotent statements,
 * so a store from then is adopted (its history starts at version 0) and brought forward with the
 * tables it has kept as they are. A dialect reads the version it finds first, and runs Flyway only
 * when the store is behind: opening an up-to-date store, which every command does, costs no scan.
 */
final class StateSchema {

    /** The schema version this code writes and reads. */
    static final int VERSION = 5;

    /** Flyway's record of the migrations applied to the store. */
    static final String HISTORY_TABLE = "ferry_schema_history";

    private StateSchema() {
    }

    /**
     * Applies the migrations the store lacks, each in its own transaction.
     *
     * @param dataSource connections to the store
     * @param directory the dialect's directory of migrations
     * @throws FlywayException when a migration fails; what it had begun is rolled back
     */
    static void migrate(DataSource dataSource, String directory) {
        Flyway.configure(StateSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:io/ferry/state/schema/" + directory)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("state store written before the versioned schema")
                .load()
                .migrate();
    }

    /**
     * @param location the store, for the message
     * @param found the version the store holds
     * @return the refusal of a store a newer Ferry wrote
     */
    static StateException newer(String location, int found) {
        return new StateException("state store " + location + " was written by a newer Ferry (state schema version " + found
                + ", this Ferry reads up to " + VERSION + "); upgrade Ferry to use it");
    }

    /**
     * @param e what Flyway threw
     * @return the database's own failure underneath it, or Flyway's when there is none
     */
    static Throwable cause(FlywayException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return t;
            }
        }
        return e;
    }
}
