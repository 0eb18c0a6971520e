package io.ferry.migrate;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.api.RunResult;
import io.ferry.internal.Failures;
import io.ferry.runbook.Runbook;
import io.ferry.state.AppliedRunbook;
import io.ferry.state.ItemStatus;
import io.ferry.state.LeaseHolder;
import io.ferry.state.Leases;
import io.ferry.state.MigrationHistory;
import io.ferry.state.MigrationLock;
import io.ferry.state.RunStatus;
import io.ferry.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrate, info, validate, repair and baseline for one directory of versioned runbooks, against the
 * history in the state store. Obtained from {@link Ferry#migrations(Path)}; immutable.
 *
 * <pre>{@code
 * try (Ferry ferry = Ferry.configure().load()) {
 *     MigrateResult result = ferry.migrations(Path.of("runbooks")).migrate(null);
 * }
 * }</pre>
 *
 * <p>A versioned runbook that is a copy runs as an ordinary journaled run, so a failed one can be
 * resumed or rolled back by its run id, which the history records; so does a procedure.
 */
public final class Migrator {

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final String BASELINE_SCRIPT = "<< Ferry Baseline >>";
    private static final Duration POLL = Duration.ofMillis(200);

    private final Ferry ferry;
    private final StateStore state;
    private final Leases leases;
    private final Path directory;
    private final String actor;
    private final Consumer<String> log;
    private final Duration lockWait;
    private final boolean breakGoneLock;

    /**
     * Use {@link Ferry#migrations(Path)}.
     *
     * @param ferry the engine that loads and runs the runbooks
     * @param state its state store, which holds the history
     * @param leases the store's leases as this process takes them, for the lock
     * @param directory the runbook directory
     * @param actor who is acting, recorded as installed by
     */
    public Migrator(Ferry ferry, StateStore state, Leases leases, Path directory, String actor) {
        this(ferry, state, leases, directory, actor, LOG::info, Duration.ZERO, false);
    }

    private Migrator(Ferry ferry, StateStore state, Leases leases, Path directory, String actor, Consumer<String> log,
                     Duration lockWait, boolean breakGoneLock) {
        this.ferry = ferry;
        this.state = state;
        this.leases = leases;
        this.directory = directory;
        this.actor = actor;
        this.log = log;
        this.lockWait = lockWait;
        this.breakGoneLock = breakGoneLock;
    }

    /**
     * @param lines hears progress lines and callbacks' {@code event.log} lines. Default: the log.
     * @return a migrator that reports there
     */
    public Migrator log(Consumer<String> lines) {
        return new Migrator(ferry, state, leases, directory, actor, lines, lockWait, breakGoneLock);
    }

    /**
     * @param wait how long {@code migrate}, {@code repair} and {@code baseline} wait for another
     *     migration's lock. Default: zero, they refuse at once.
     * @return a migrator that waits so long
     */
    public Migrator lockWait(Duration wait) {
        return new Migrator(ferry, state, leases, directory, actor, log, wait, breakGoneLock);
    }

    /**
     * @param breakIt whether to break a lock whose holder is a process of this host that no longer
     *     runs. Default: false, such a lock is reported with the command that breaks it.
     * @return a migrator that does so
     */
    public Migrator breakGoneLock(boolean breakIt) {
        return new Migrator(ferry, state, leases, directory, actor, log, lockWait, breakIt);
    }

    /** @return the runbook directory */
    public Path directory() {
        return directory;
    }

    /**
     * Runs the pending runbooks: versioned ones in version order up to the target, then repeatable
     * ones whose content changed. Stops at the first failure. Validates first: a failed, edited or
     * out-of-order runbook stops it before anything runs.
     *
     * @param target the last version to run, or null for all
     * @return what ran
     */
    public MigrateResult migrate(String target) {
        RunbookVersion until = target == null ? null : version(target);
        return locked(lock -> {
            RunbookDirectory dir = RunbookDirectory.scan(directory);
            List<String> problems = problems(infos(dir, until));
            if (!problems.isEmpty()) {
                throw new FerryException(ExitCode.VALIDATION_FAILED, "migrate refused, nothing ran: " + String.join("; ", problems));
            }
            callback(dir, Callback.BEFORE_MIGRATE, null, null, null);
            List<MigrateResult.Applied> applied = new ArrayList<>();
            List<ResolvedRunbook> pending = pending(dir, until);
            if (pending.isEmpty()) {
                log.accept("nothing to migrate: " + directory + " is up to date" + (until == null ? "" : " up to version " + until));
            }
            for (ResolvedRunbook runbook : pending) {
                requireStillHeld(lock, runbook);
                MigrateResult.Applied one = apply(runbook);
                applied.add(one);
                if (one.failure() == ExitCode.WINDOW_CLOSED) {
                    // Not a failure: the runbook waits for its next maintenance window, still pending.
                    RunResult r = one.result();
                    String why = runbook.script() + (r == null ? " waits for its maintenance window"
                            : " paused (run " + r.runId() + ": " + r.error() + ")")
                            + "; the runbooks after it wait too; ferry migrate " + directory + " continues in the next window";
                    return new MigrateResult(applied, why, ExitCode.WINDOW_CLOSED);
                }
                if (!one.success()) {
                    RunResult r = one.result();
                    String why = runbook.script() + " failed" + (r == null ? "" : " (run " + r.runId() + " " + r.status()
                            + (r.error() == null ? "" : ": " + r.error()) + ")")
                            + "; fix the cause" + (r == null ? "" : " and either resume run " + r.runId() + " or roll it back")
                            + ", then: ferry repair " + directory + " and ferry migrate " + directory;
                    callback(dir, Callback.ON_ERROR, runbook, r == null ? null : r.runId(), why);
                    // One cause, one exit code: a runbook stopped before its run by a store it cannot use
                    // ends migrate with 6, as ferry run of the same runbook does.
                    return new MigrateResult(applied, why, r == null ? (one.failure() == null ? ExitCode.STOPPED : one.failure())
                            : r.exitCode() == ExitCode.SUCCESS ? ExitCode.ISSUES : r.exitCode());
                }
                callback(dir, Callback.AFTER_EACH_RUNBOOK, runbook, one.result().runId(), null);
            }
            callback(dir, Callback.AFTER_MIGRATE, null, null, null);
            return new MigrateResult(applied, null, ExitCode.SUCCESS);
        });
    }

    /**
     * @return every runbook of the directory and every history row, with where each stands:
     *     versioned in version order, then repeatable
     */
    public List<MigrationInfo> info() {
        return infos(RunbookDirectory.scan(directory), null);
    }

    /**
     * @return what is wrong: runbooks edited after they were applied (with both checksums and the
     *     fix), failed ones, and unapplied ones older than the newest applied version; empty when valid
     */
    public List<String> validate() {
        return problems(info());
    }

    /**
     * After a deliberate fix: a failed runbook whose run was since resumed to success counts as
     * applied; other failed rows are removed, so that {@code migrate} runs them again; applied
     * runbooks that were edited take the files' current checksums and descriptions.
     *
     * @return what it changed
     */
    public RepairResult repair() {
        return locked(lock -> {
            MigrationHistory history = state.migrationHistory();
            List<String> completed = new ArrayList<>();
            for (AppliedRunbook row : latestByKey(history.all()).values()) {
                if (!row.success() && row.runId() != null && finishedWell(row.runId())) {
                    history.markSucceeded(row.installedRank());
                    completed.add(row.script());
                }
            }
            completed.sort(Comparator.naturalOrder());
            List<MigrationInfo> infos = info();
            int removed = history.deleteFailed();
            List<String> realigned = new ArrayList<>();
            Map<String, AppliedRunbook> latest = latestByKey(history.all());
            for (MigrationInfo info : infos) {
                if (info.state() == MigrationState.CHANGED) {
                    AppliedRunbook row = latest.get(key(info.type(), info.version(), info.script()));
                    history.realign(row.installedRank(), info.checksum(), info.description());
                    realigned.add(info.script());
                }
            }
            return new RepairResult(removed, completed, realigned);
        });
    }

    private boolean finishedWell(String runId) {
        RunStatus status = ferry.run(runId).status();
        return status == RunStatus.SUCCEEDED
                || status == RunStatus.SUCCEEDED_WITH_ISSUES && ferry.result(runId).count(ItemStatus.FAILED) == 0;
    }

    /**
     * Marks every versioned runbook up to a version as applied, for stores that already hold what
     * those runbooks would do. Only on an empty history.
     *
     * @param version the baseline version
     * @param description the baseline's description, or null for {@code << Ferry Baseline >>}
     * @return the baseline row
     */
    public AppliedRunbook baseline(String version, String description) {
        RunbookVersion v = version(version);
        return locked(lock -> {
            MigrationHistory history = state.migrationHistory();
            List<AppliedRunbook> rows = history.all();
            if (!rows.isEmpty()) {
                throw new FerryException(ExitCode.USAGE, "the runbook history in " + ferry.stateLocation() + " already has "
                        + rows.size() + " row(s); baseline is for an estate without history (see: ferry info " + directory + ")");
            }
            return history.append(new AppliedRunbook(0, v.toString(), description == null ? BASELINE_SCRIPT : description,
                    RunbookType.BASELINE.name(), BASELINE_SCRIPT, null, actor, Instant.now(), 0, true, null));
        });
    }

    /**
     * Removes the migration lock. A lock held by a process of this host that no longer runs, or
     * whose lease has run out, is always removed; any other only when forced.
     *
     * @param force remove it even when its holder may still run
     * @return the holder whose lock was removed, or empty when there was no lock
     */
    public Optional<LeaseHolder> unlock(boolean force) {
        MigrationLock lock = leases.migrationLock();
        Optional<LeaseHolder> holder = lock.holder();
        if (holder.isEmpty()) {
            return holder;
        }
        if (!lock.isGone(holder.get()) && !lock.expired(holder.get()) && !force) {
            throw new FerryException(ExitCode.USAGE, "the migration lock is held by " + holder.get()
                    + ", which may still be running; wait for it, or if you are sure it is gone: ferry unlock --force");
        }
        lock.breakLock(holder.get());
        return holder;
    }

    private MigrateResult.Applied apply(ResolvedRunbook resolved) {
        log.accept("migrating " + resolved.script());
        Runbook runbook = ferry.load(resolved.file());
        long started = System.nanoTime();
        RunResult result = null;
        ExitCode failure = null;
        boolean success;
        try {
            result = ferry.run(runbook);
            success = result.status() == RunStatus.SUCCEEDED
                    || result.status() == RunStatus.SUCCEEDED_WITH_ISSUES && result.count(ItemStatus.FAILED) == 0;
        } catch (FerryException e) {
            log.accept(resolved.script() + ": " + e.getMessage());
            failure = e.exitCode();
            success = false;
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (failure == ExitCode.WINDOW_CLOSED || result != null && result.status() == RunStatus.PAUSED) {
            // Outside its window, or paused at the window's end: no history row, so that it stays pending.
            log.accept("paused " + resolved.script() + (result == null ? "" : " (run " + result.runId() + ", PAUSED)")
                    + " after " + millis + " ms");
            return new MigrateResult.Applied(resolved, result, false, millis, ExitCode.WINDOW_CLOSED);
        }
        state.migrationHistory().append(new AppliedRunbook(0, resolved.version() == null ? null : resolved.version().toString(),
                resolved.description(), resolved.type().name(), resolved.script(), resolved.checksum(), actor, Instant.now(),
                millis, success, result == null ? null : result.runId()));
        log.accept((success ? "applied " : "FAILED ") + resolved.script() + (result == null ? "" : " (run " + result.runId()
                + ", " + result.status() + ")") + " in " + millis + " ms");
        return new MigrateResult.Applied(resolved, result, success, millis, failure);
    }

    private List<ResolvedRunbook> pending(RunbookDirectory dir, RunbookVersion until) {
        Set<String> pending = new HashSet<>();
        infos(dir, until).stream().filter(i -> i.state() == MigrationState.PENDING).forEach(i -> pending.add(i.script()));
        return dir.runbooks().stream().filter(r -> pending.contains(r.script())).toList();
    }

    private List<MigrationInfo> infos(RunbookDirectory dir, RunbookVersion until) {
        List<AppliedRunbook> rows = state.migrationHistory().all();
        Map<String, AppliedRunbook> latest = latestByKey(rows);
        RunbookVersion baseline = rows.stream().filter(r -> r.type().equals(RunbookType.BASELINE.name()))
                .map(r -> RunbookVersion.parse(r.version())).max(Comparator.naturalOrder()).orElse(null);
        RunbookVersion newest = rows.stream()
                .filter(r -> r.success() && r.version() != null)
                .map(r -> RunbookVersion.parse(r.version())).max(Comparator.naturalOrder()).orElse(null);
        List<MigrationInfo> infos = new ArrayList<>();
        rows.stream().filter(r -> r.type().equals(RunbookType.BASELINE.name()))
                .forEach(r -> infos.add(info(r, RunbookType.BASELINE, MigrationState.BASELINE, null)));
        Set<String> present = new HashSet<>();
        for (ResolvedRunbook r : dir.runbooks()) {
            String version = r.version() == null ? null : r.version().toString();
            AppliedRunbook row = latest.get(key(r.type(), version, r.script()));
            present.add(key(r.type(), version, r.script()));
            MigrationState s;
            if (row == null) {
                if (r.type() == RunbookType.REPEATABLE) {
                    s = MigrationState.PENDING;
                } else if (baseline != null && r.version().compareTo(baseline) <= 0) {
                    s = MigrationState.BELOW_BASELINE;
                } else if (newest != null && r.version().compareTo(newest) < 0) {
                    s = MigrationState.IGNORED;
                } else if (until != null && r.version().compareTo(until) > 0) {
                    s = MigrationState.ABOVE_TARGET;
                } else {
                    s = MigrationState.PENDING;
                }
            } else if (!row.success()) {
                s = MigrationState.FAILED;
            } else if (row.checksum().equals(r.checksum())) {
                s = MigrationState.APPLIED;
            } else {
                s = r.type() == RunbookType.REPEATABLE ? MigrationState.PENDING : MigrationState.CHANGED;
            }
            infos.add(row == null
                    ? new MigrationInfo(r.type(), version, r.description(), r.script(), s, r.checksum(), null, null, null, 0, null)
                    : new MigrationInfo(r.type(), version, r.description(), r.script(), s, r.checksum(), row.checksum(),
                            row.installedOn(), row.installedBy(), row.executionTimeMillis(), row.runId()));
        }
        for (Map.Entry<String, AppliedRunbook> e : latest.entrySet()) {
            AppliedRunbook row = e.getValue();
            if (!present.contains(e.getKey()) && !row.type().equals(RunbookType.BASELINE.name())) {
                infos.add(info(row, RunbookType.valueOf(row.type()), row.success() ? MigrationState.MISSING : MigrationState.FAILED, null));
            }
        }
        infos.sort(Comparator.comparing((MigrationInfo i) -> i.type() == RunbookType.REPEATABLE)
                .thenComparing(i -> i.version() == null ? null : RunbookVersion.parse(i.version()),
                        Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(MigrationInfo::description));
        return infos;
    }

    private static MigrationInfo info(AppliedRunbook row, RunbookType type, MigrationState s, String checksum) {
        return new MigrationInfo(type, row.version(), row.description(), row.script(), s, checksum, row.checksum(),
                row.installedOn(), row.installedBy(), row.executionTimeMillis(), row.runId());
    }

    private List<String> problems(List<MigrationInfo> infos) {
        List<String> problems = new ArrayList<>();
        RunbookVersion newest = infos.stream()
                .filter(i -> i.version() != null && i.installedOn() != null && i.state() != MigrationState.FAILED)
                .map(i -> RunbookVersion.parse(i.version())).max(Comparator.naturalOrder()).orElse(null);
        for (MigrationInfo i : infos) {
            switch (i.state()) {
                case CHANGED -> problems.add("checksum mismatch for " + i.script() + ": applied " + i.appliedChecksum()
                        + ", in the directory now " + i.checksum() + "; either revert the edit, or, if it was deliberate, run: ferry repair "
                        + directory);
                case FAILED -> problems.add(i.script() + " failed on " + i.installedOn()
                        + (i.runId() == null ? "" : " (run " + i.runId() + ")")
                        + "; fix the cause" + (i.runId() == null ? "" : " and either resume the run or roll it back")
                        + ", then run: ferry repair " + directory);
                case IGNORED -> problems.add(i.script() + " was never applied and is older than the applied version " + newest
                        + "; rename it with a version above " + newest);
                default -> {
                }
            }
        }
        return problems;
    }

    /** The latest row of each versioned runbook (by version) and repeatable one (by script). */
    private static Map<String, AppliedRunbook> latestByKey(List<AppliedRunbook> rows) {
        Map<String, AppliedRunbook> latest = new HashMap<>();
        for (AppliedRunbook row : rows) {
            latest.put(key(RunbookType.valueOf(row.type()), row.version(), row.script()), row);
        }
        return latest;
    }

    private static String key(RunbookType type, String version, String script) {
        return switch (type) {
            case VERSIONED -> "V/" + normalised(version);
            case REPEATABLE -> "R/" + script;
            case BASELINE -> "B/" + version;
        };
    }

    /** {@code 1.0} and {@code 1} are one version: strip trailing zero parts. */
    private static String normalised(String version) {
        String v = RunbookVersion.parse(version).toString();
        while (v.endsWith(".0")) {
            v = v.substring(0, v.length() - 2);
        }
        return v.replaceAll("(^|\\.)0+(\\d)", "$1$2");
    }

    private void callback(RunbookDirectory dir, Callback callback, ResolvedRunbook runbook, String runId, String error) {
        Path script = dir.callbacks().get(callback);
        if (script == null) {
            return;
        }
        Binding binding = new Binding();
        binding.setVariable("event", new MigrationEvent(callback, runbook, runId, error, log));
        try {
            new GroovyShell(Migrator.class.getClassLoader(), binding).evaluate(script.toFile());
        } catch (IOException | RuntimeException e) {
            String why = "callback " + script.getFileName() + " failed: " + Failures.describe(e);
            if (callback == Callback.ON_ERROR) {
                log.accept(why);
                return;
            }
            throw new FerryException(ExitCode.STOPPED, why + (callback == Callback.BEFORE_MIGRATE ? "; nothing ran" : "")
                    + "; fix it and run: ferry migrate " + directory, e);
        }
    }

    private static RunbookVersion version(String text) {
        try {
            return RunbookVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        }
    }

    private interface Locked<T> {
        T run(MigrationLock lock);
    }

    /** Refuses to start another runbook once another migrate took the lock over (it ran out while this one stalled, or was forced). */
    private void requireStillHeld(MigrationLock lock, ResolvedRunbook next) {
        if (lock.lost()) {
            throw new FerryException(ExitCode.ENVIRONMENT, "the migration lock of " + ferry.stateLocation() + " was taken over by "
                    + lock.holder().map(LeaseHolder::toString).orElse("another process") + "; stopped before " + next.script()
                    + "; see what ran with: ferry info " + directory);
        }
    }

    private <T> T locked(Locked<T> work) {
        MigrationLock lock = leases.migrationLock();
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (!lock.tryAcquire()) {
            Optional<LeaseHolder> holder = lock.holder();
            if (holder.isEmpty()) {
                continue;
            }
            if (lock.isGone(holder.get())) {
                if (!breakGoneLock) {
                    throw new FerryException(ExitCode.ENVIRONMENT, "the migration lock of " + ferry.stateLocation() + " is held by "
                            + holder.get() + ", which no longer runs (it crashed or was killed); break the lock with: "
                            + "ferry unlock, or ferry migrate " + directory + " --break-lock");
                }
                log.accept("breaking the migration lock of " + holder.get() + ", which no longer runs");
                lock.breakLock(holder.get());
                continue;
            }
            if (System.nanoTime() >= deadline) {
                throw new FerryException(ExitCode.ENVIRONMENT, "another migration holds the lock of " + ferry.stateLocation() + ": "
                        + holder.get() + "; wait for it (--wait DURATION waits), or if that process is gone for good: ferry unlock --force");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException(ExitCode.INTERRUPTED, "interrupted while waiting for the migration lock", e);
            }
        }
        try {
            return work.run(lock);
        } finally {
            lock.release();
        }
    }
}
