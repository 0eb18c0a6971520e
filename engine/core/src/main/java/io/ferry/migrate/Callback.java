package io.ferry.migrate;

import java.util.Arrays;
import java.util.Optional;

/**
 * Groovy scripts in the runbook directory that {@code migrate} runs at fixed points, named after the
 * event: {@code beforeMigrate.groovy}, {@code afterEachRunbook.groovy}, {@code afterMigrate.groovy},
 * {@code onError.groovy}. They see a variable {@code event} ({@link MigrationEvent}).
 */
public enum Callback {
    /** Before any runbook runs; failing stops the migration before it starts. */
    BEFORE_MIGRATE("beforeMigrate"),
    /** After each runbook that succeeded; failing stops the migration after it. */
    AFTER_EACH_RUNBOOK("afterEachRunbook"),
    /** After every pending runbook ran; failing makes the migration fail. */
    AFTER_MIGRATE("afterMigrate"),
    /** After a runbook failed; its own failure is reported and does not hide the runbook's. */
    ON_ERROR("onError");

    private final String fileStem;

    Callback(String fileStem) {
        this.fileStem = fileStem;
    }

    /** @return the file name without {@code .groovy} */
    public String fileStem() {
        return fileStem;
    }

    static Optional<Callback> ofFile(String fileName) {
        return Arrays.stream(values()).filter(c -> fileName.equals(c.fileStem + ".groovy")).findFirst();
    }
}
