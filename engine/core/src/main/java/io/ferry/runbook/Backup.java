package io.ferry.runbook;

/**
 * Which stores a run takes a restore point of before it writes anything, so that the way back is
 * there whatever the run's own journal can undo: {@code execution { backup 'target' }}.
 */
public enum Backup {
    /** No restore point (the default); the run's journal still keeps what it overwrote. */
    NONE,
    /** The target, as it is before the first write. */
    TARGET,
    /** The source. */
    SOURCE,
    /** The source and the target. */
    BOTH;

    /** @param word {@code none}, {@code target}, {@code source} or {@code both} @return the choice */
    public static Backup of(String word) {
        return Choice.of(Backup.class, "backup", word);
    }

    /** @return whether the target is backed up */
    public boolean target() {
        return this == TARGET || this == BOTH;
    }

    /** @return whether the source is backed up */
    public boolean source() {
        return this == SOURCE || this == BOTH;
    }
}
