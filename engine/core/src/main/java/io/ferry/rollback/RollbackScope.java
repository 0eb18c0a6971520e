package io.ferry.rollback;

import io.ferry.runbook.Discovery;
import io.ferry.spi.ProviderSpec;
import io.ferry.state.JournalItem;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which records of a run a rollback undoes: all of them, or those whose source or target key
 * matches one of the given globs ({@code *} within a segment, {@code **} across segments, as in
 * discovery); for a procedure, the steps of the items whose keys match. A rollback of part of a run
 * leaves the rest as the run wrote it, to be rolled back later or kept. A scope may also name the
 * target whose records are undone; a run writes to one target, so the name either is that target
 * (every selected record) or is not (nothing is undone).
 */
public final class RollbackScope {

    private static final RollbackScope ALL = new RollbackScope(List.of(), null);

    private final List<String> globs;
    private final List<Pattern> patterns;
    private final String target;

    private RollbackScope(List<String> globs, String target) {
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(Discovery::glob).toList();
        this.target = target;
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
        return globs.isEmpty() ? ALL : new RollbackScope(globs, null);
    }

    /**
     * @param name the target whose records to undo: its URI as the run shows it, that URI without its
     *     options, or its location; null for whichever target the run wrote to
     * @return this scope, limited to that target
     */
    public RollbackScope onTarget(String name) {
        return name == null ? new RollbackScope(globs, null) : new RollbackScope(globs, name);
    }

    /** @return the target named, or null when none is */
    public String target() {
        return target;
    }

    /**
     * @param targetUri the target a run wrote to, as journaled
     * @return whether this scope's target is that one (always, when the scope names none)
     */
    public boolean matchesTarget(String targetUri) {
        if (target == null || target.equals(targetUri)) {
            return true;
        }
        try {
            ProviderSpec spec = ProviderSpec.parse(targetUri);
            return target.equals(spec.scheme() + ":" + spec.location()) || !spec.location().isEmpty() && target.equals(spec.location());
        } catch (IllegalArgumentException e) {
            return false;
        }
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
        return globs.stream().map(g -> " --keys " + quoted(g)).collect(Collectors.joining())
                + (target == null ? "" : " --target " + quoted(target));
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
