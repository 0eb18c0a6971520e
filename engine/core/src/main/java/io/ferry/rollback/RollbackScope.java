package io.ferry.rollback;

import io.ferry.runbook.Discovery;
import io.ferry.state.JournalItem;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which records of a run a rollback undoes: all of them, or those whose source or target key
 * matches one of the given globs ({@code *} within a segment, {@code **} across segments, as in
 * discovery); for a procedure, the steps of the items whose keys match. A rollback of part of a run
 * leaves the rest as the run wrote it, to be rolled back later or kept.
 */
public final class RollbackScope {

    private static final RollbackScope ALL = new RollbackScope(List.of());

    private final List<String> globs;
    private final List<Pattern> patterns;

    private RollbackScope(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(Discovery::glob).toList();
    }

    /** @return every record of the run */
    public static RollbackScope all() {
        return ALL;
    }

    /**
     * @param globs key globs; a record is undone when its source or target key matches any of them
     * @return the records matching them, or every record when none is given
     */
    public static RollbackScope keys(List<String> globs) {
        Objects.requireNonNull(globs, "globs");
        return globs.isEmpty() ? ALL : new RollbackScope(globs);
    }

    /** @return whether this is every record of the run */
    public boolean isAll() {
        return globs.isEmpty();
    }

    /** @return the globs, empty for every record */
    public List<String> globs() {
        return globs;
    }

    /**
     * @param item an item of the run
     * @return whether the rollback undoes it
     */
    public boolean includes(JournalItem item) {
        return isAll() || patterns.stream().anyMatch(p -> p.matcher(item.sourceKey()).matches()
                || (item.targetKey() != null && p.matcher(item.targetKey()).matches()));
    }

    /**
     * @param key the key of an item of a procedure's {@code forEach}, or null for a step of the whole procedure
     * @return whether the rollback undoes the item's steps; a step of the whole procedure only when every record is undone
     */
    public boolean includesItem(String key) {
        return isAll() || (key != null && patterns.stream().anyMatch(p -> p.matcher(key).matches()));
    }

    /** @return the command-line options that give this scope, such as {@code --keys 'app/**'}, or "" for every record */
    public String asOptions() {
        return globs.stream().map(g -> " --keys '" + g.replace("'", "'\\''") + "'").collect(Collectors.joining());
    }
}
