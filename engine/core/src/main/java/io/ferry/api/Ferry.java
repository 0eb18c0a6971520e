package io.ferry.api;

import io.ferry.internal.Failures;
import io.ferry.migrate.Migrator;
import io.ferry.monitor.MonitorListener;
import io.ferry.monitor.MonitorResult;
import io.ferry.monitor.ShadowMonitor;
import io.ferry.phase.Evidence;
import io.ferry.phase.Gate;
import io.ferry.phase.Phase;
import io.ferry.phase.PhaseMachine;
import io.ferry.phase.PhaseRefusedException;
import io.ferry.plan.PlanSummary;
import io.ferry.report.MigrationMetrics;
import io.ferry.report.ReportWriter;
import io.ferry.report.RunReport;
import io.ferry.restore.RestorePointProvider;
import io.ferry.rollback.RollbackScope;
import io.ferry.run.Cancellation;
import io.ferry.run.ProgressListener;
import io.ferry.runbook.Monitoring;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.RunbookChecksum;
import io.ferry.runbook.Schedule;
import io.ferry.saga.ProcedureException;
import io.ferry.saga.ProcedurePlan;
import io.ferry.saga.ProcedureRunner;
import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretValue;
import io.ferry.spi.CallCosts;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.pacing.Backoff;
import io.ferry.state.Action;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.JournalKey;
import io.ferry.state.Lease;
import io.ferry.state.Leases;
import io.ferry.state.PassStatus;
import io.ferry.state.ProcessIdentity;
import io.ferry.state.RunJournal;
import io.ferry.state.RunRecord;
import io.ferry.state.RunStage;
import io.ferry.state.RunStatus;
import io.ferry.state.StateException;
import io.ferry.state.StateLocation;
import io.ferry.state.StateStore;
import io.ferry.state.StepRecord;
import io.ferry.state.SyncJournal;
import io.ferry.state.UnknownRunException;
import io.ferry.sync.ContinuousSync;
import io.ferry.sync.SyncEngine;
import io.ferry.sync.SyncListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine, configured once and immutable: plan, run, apply, resume and roll back runbooks,
 * list runs and their items, open providers, compare stores. Every command returns a result object;
 * failures that stop a command are {@link FerryException}s with a one-line message and an exit code.
 *
 * <pre>{@code
 * try (Ferry ferry = Ferry.configure().workingDirectory(dir).load()) {
 *     RunResult result = ferry.run(ferry.load(Path.of("runbooks/V1__copy.groovy")));
 * }
 * }</pre>
 */
public final class Ferry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ferry.class);

    /** Items a sample reads a page, without their images, to choose from. */
    private static final int SAMPLE_PAGE = 500;
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Configuration config;
    private final ProviderRegistry providers;
    private final StateStore state;
    private final RestorePoints restorePoints;
    private final Leases leases;
    private final RunLeases runLeases;

    private Ferry(Configuration config) {
        this.config = config;
        this.providers = ProviderRegistry.load();
        try {
            StateLocation location = config.state();
            Path localFile = location.localFile().orElse(null);
            JournalKey key;
            if (config.journalKeyFile() == null) {
                key = JournalKey.resolve(config.providerContext(), localFile);
            } else {
                key = localFile != null ? JournalKey.forStateStore(config.journalKeyFile(), localFile)
                        : JournalKey.loadOrCreate(config.journalKeyFile());
            }
            this.state = StateStore.open(location, key);
        } catch (StateException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, e.getMessage(), e);
        }
        this.restorePoints = new RestorePoints(state.restorePoints(), config);
        this.leases = state.leases(ProcessIdentity.current(config.providerContext().environment()), config.leaseDuration(),
                Clock.systemUTC());
        this.runLeases = new RunLeases(leases, config.takeOverLeases(), config.cancellation());
    }

    /** @return a configuration with every setting at its default */
    public static Configuration configure() {
        return new Configuration();
    }

    /** @return the adapters on the class path */
    public ProviderRegistry providers() {
        return providers;
    }

    /** @return where the state store is: its file, or {@code postgresql://HOST:PORT/DATABASE} */
    public String stateLocation() {
        return state.location().toString();
    }

    /**
     * Reads a runbook file.
     *
     * @param file the runbook
     * @return the runbook
     */
    public Runbook load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FerryException(ExitCode.USAGE, "runbook " + file + " does not exist; give the path of a .groovy or .jsh runbook");
        }
        return config.runbookLoader.apply(file);
    }

    /**
     * Opens the provider a URI names.
     *
     * @param uri for example {@code local:secrets.db}
     * @return the provider, which the caller closes
     */
    public SecretProvider open(String uri) {
        try {
            return open(ProviderSpec.parse(uri));
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, Failures.message(e), e);
        }
    }

    /**
     * @param spec where the provider points
     * @return the provider, which the caller closes
     */
    public SecretProvider open(ProviderSpec spec) {
        return open(spec, config.providerContext());
    }

    /**
     * Opens a store of a journaled run with its relative location resolved against the directory the
     * run started in, so that resuming or rolling back from another directory reaches the same store
     * rather than a new empty one.
     *
     * @param spec where the provider points
     * @param runDirectory the directory the run started in, or null when it was not journaled
     * @return the provider, which the caller closes
     */
    SecretProvider openForRun(ProviderSpec spec, Path runDirectory, boolean mayCreate) {
        ProviderContext context = mayCreate ? config.providerContext() : config.providerContext().existingOnly();
        if (runDirectory == null || runDirectory.equals(context.workingDirectory())) {
            return open(spec, context);
        }
        return open(spec, context.in(runDirectory));
    }

    /**
     * Opens a store that must exist already, for reading: a location that names nothing is an
     * error, never a new, empty store.
     *
     * @param uri for example {@code local:secrets.db}
     * @return the provider, which the caller closes
     */
    public SecretProvider openExisting(String uri) {
        try {
            return open(ProviderSpec.parse(uri), config.providerContext().existingOnly());
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, Failures.message(e), e);
        }
    }

    private SecretProvider open(ProviderSpec spec, ProviderContext context) {
        if (RestorePointProvider.SCHEME.equals(spec.scheme())) {
            return restorePoints.open(spec.location(), context, this::open);
        }
        try {
            return providers.open(spec, context);
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, Failures.message(e), e);
        } catch (ProviderException | IllegalStateException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, Failures.message(e), e);
        }
    }

    /**
     * Plans a runbook and saves the plan as a run in status {@code PLANNED}, writing nothing to the
     * target. {@link #apply(String)} carries it out later.
     *
     * @param runbook the runbook
     * @return the planned run
     */
    public RunResult plan(Runbook runbook) {
        if (runbook.isProcedure()) {
            throw new FerryException(ExitCode.USAGE, "runbook " + runbook.name() + " is a procedure of steps, which "
                    + "is not planned as a copy is; list its steps with: ferry run " + describeOrigin(runbook) + " --dry-run");
        }
        requireBatchFitsWindow(runbook, runbook.schedule());
        try (RunDriver driver = start(runbook)) {
            return reporting(driver, driver::planOnly);
        }
    }

    /**
     * Plans, executes and validates a runbook.
     *
     * @param runbook the runbook
     * @return the finished (or stopped) run
     */
    public RunResult run(Runbook runbook) {
        if (!runbook.isProcedure() && runbook.schedule() != null) {
            return runInWindow(runbook, pausedRunOf(runbook));
        }
        try (Driver driver = runbook.isProcedure() ? driver(createRun(runbook), runbook) : start(runbook)) {
            return reporting(driver, driver::run);
        }
    }

    /**
     * Carries out a saved plan.
     *
     * @param runId a run in status {@code PLANNED}
     * @return the finished (or stopped) run
     */
    public RunResult apply(String runId) {
        try (RunDriver driver = reopen(runId)) {
            RunRecord rec = driver.record();
            Schedule schedule = rec.status() == RunStatus.PLANNED ? scheduleOf(rec, driver.runbook()) : null;
            driver.within(MaintenanceWindow.open(schedule, config.clock(), "run " + rec.id(), "run ferry apply " + rec.id()
                    + " then, or now with: ferry resume " + rec.id() + " --now"));
            return reporting(driver, () -> applyPlanned(driver));
        }
    }

    /**
     * Carries out a saved plan that was made from code with transforms or hooks.
     *
     * @param runId a run in status {@code PLANNED}
     * @param runbook the runbook it was planned with
     * @return the finished (or stopped) run
     */
    public RunResult apply(String runId, Runbook runbook) {
        try (RunDriver driver = reopen(runId, runbook)) {
            return reporting(driver, () -> applyPlanned(driver));
        }
    }

    private static RunResult applyPlanned(RunDriver driver) {
        RunRecord rec = driver.record();
        if (rec.status() != RunStatus.PLANNED) {
            throw new FerryException(ExitCode.USAGE, "run " + rec.id() + " is " + rec.status()
                    + ", not PLANNED; " + (rec.status().finished() ? "plan it again with a new run" : "use: ferry resume " + rec.id()));
        }
        return driver.resume();
    }

    /**
     * Continues a run from its journal after a crash, Ctrl-C or stop. Items already written are
     * not written again; items a crash left in flight are settled by reading the target.
     *
     * @param runId the run
     * @return the finished (or stopped again) run
     */
    public RunResult resume(String runId) {
        RunJournal journal = guard(() -> state.openRun(runId));
        Runbook runbook = runbookOf(journal.record());
        Schedule schedule = scheduleOf(journal.record(), runbook);
        if (schedule != null) {
            return resumeInWindow(journal, runbook, schedule);
        }
        try (Driver driver = driver(journal, runbook)) {
            return reporting(driver, driver::resume);
        }
    }

    /**
     * Continues a run in a maintenance window opened now, whatever windows its runbook names: the
     * run pauses at the end of the batch under way when this one closes.
     *
     * @param runId the run
     * @param window how long the window opened now stays open, or null for as long as the windows of
     *     the run's schedule
     * @return the finished, paused or stopped run
     * @throws FerryException of code {@link ExitCode#USAGE} when no window is given and the run has no schedule
     */
    public RunResult resume(String runId, Duration window) {
        RunJournal journal = guard(() -> state.openRun(runId));
        Runbook runbook = runbookOf(journal.record());
        Schedule schedule = scheduleOf(journal.record(), runbook);
        if (window == null && schedule == null) {
            throw new FerryException(ExitCode.USAGE, "--now opens a run's maintenance window now, and run " + journal.runId()
                    + " has no schedule; drop --now, or give a window: --window 2h");
        }
        return resumeInWindow(journal, runbook, Schedule.adHoc(window != null ? window : schedule.window()));
    }

    private RunResult resumeInWindow(RunJournal journal, Runbook runbook, Schedule schedule) {
        RunRecord rec = journal.record();
        if (runbook.isProcedure()) {
            throw new FerryException(ExitCode.USAGE, "run " + rec.id() + " is a procedure of steps; maintenance windows pace"
                    + " the batches of a copy: continue it with: ferry resume " + rec.id());
        }
        MaintenanceWindow window = rec.status().finished() ? MaintenanceWindow.UNBOUNDED
                : MaintenanceWindow.open(schedule, config.clock(), "run " + rec.id(), "run ferry resume " + rec.id()
                        + " then, or now with: ferry resume " + rec.id() + " --now");
        try (RunDriver driver = new RunDriver(this, config, journal, runbook).within(window)) {
            return reporting(driver, driver::resume);
        }
    }

    /**
     * A runbook with windows starts a run only inside one, and continues its paused run rather than
     * planning a new one; the paused run goes on under the runbook it was started with, in the
     * window given ({@code --now}, {@code --window}) or else its own.
     */
    private RunResult runInWindow(Runbook runbook, Optional<RunRecord> paused) {
        String command = "run ferry run " + describeOrigin(runbook) + " then, or now with --now";
        if (paused.isPresent()) {
            RunJournal journal = guard(() -> state.openRun(paused.get().id()));
            Runbook same = runbook.origin() == null ? runbook : runbookOf(journal.record());
            Schedule schedule = runbook.schedule() != null ? runbook.schedule() : scheduleOf(journal.record(), same);
            LOG.info("continuing paused run {} of runbook {}", paused.get().id(), runbook.name());
            MaintenanceWindow window = MaintenanceWindow.open(schedule, config.clock(), "runbook " + runbook.name(), command);
            try (RunDriver driver = new RunDriver(this, config, journal,
                    same.toBuilder().schedule(runbook.schedule()).build()).within(window)) {
                return reporting(driver, driver::resume);
            }
        }
        MaintenanceWindow window = MaintenanceWindow.open(runbook.schedule(), config.clock(), "runbook " + runbook.name(), command);
        requireBatchFitsWindow(runbook, runbook.schedule());
        try (RunDriver driver = start(runbook).within(window)) {
            return reporting(driver, driver::run);
        }
    }

    /** @return the newest paused run of this runbook: of the same file, or for one built in code, of its name and stores */
    private Optional<RunRecord> pausedRunOf(Runbook runbook) {
        String path = runbook.origin() == null ? null : runbook.origin().toAbsolutePath().toString();
        return runs().stream().filter(r -> r.status() == RunStatus.PAUSED)
                .filter(r -> path != null ? path.equals(r.runbookPath())
                        : r.runbookPath() == null && runbook.name().equals(r.runbookName())
                                && runbook.source().toUri().equals(r.sourceUri()) && runbook.target().toUri().equals(r.targetUri()))
                .findFirst();
    }

    /** @return the windows a run writes in: its runbook's, else those it was started with ({@code --window}), else none */
    private static Schedule scheduleOf(RunRecord rec, Runbook runbook) {
        if (runbook.schedule() != null) {
            return runbook.schedule();
        }
        return rec.optionsJson() == null ? null : RunbookOptions.schedule(rec.optionsJson());
    }

    /** Refuses, before anything is planned, a window shorter than one batch takes at the target's rates. */
    private void requireBatchFitsWindow(Runbook runbook, Schedule schedule) {
        if (schedule == null || runbook.isProcedure()) {
            return;
        }
        MaintenanceWindow.requireBatchFits(schedule, runbook.execution(), runbook.target().toUri(), costs(runbook.target()));
    }

    private CallCosts costs(ProviderSpec target) {
        try {
            return providers().knows(target.scheme()) ? providers().factory(target.scheme()).costs(target)
                    : CallCosts.unpaced(target.scheme());
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        }
    }

    /**
     * Continues a run that was started from code with a runbook whose transforms or hooks cannot
     * be read back from the journal.
     *
     * @param runId the run
     * @param runbook the runbook it was started with
     * @return the finished (or stopped again) run
     */
    public RunResult resume(String runId, Runbook runbook) {
        Objects.requireNonNull(runbook, "runbook");
        try (Driver driver = driver(guard(() -> state.openRun(runId)), runbook)) {
            return reporting(driver, driver::resume);
        }
    }

    /**
     * Restores the before-images of a run, newest first, then runs the runbook's rollback hooks.
     * Rolling back a rolled-back run changes nothing.
     *
     * @param runId the run
     * @return the rolled-back run
     */
    public RunResult rollback(String runId) {
        return rollback(runId, RollbackScope.all());
    }

    /**
     * Undoes the records of a run that a scope selects, newest first; the rest stay as the run wrote
     * them, and the run is {@code PARTLY_ROLLED_BACK} until they are rolled back too, when the
     * runbook's rollback hooks run. Undoing a record twice changes nothing.
     *
     * @param runId the run
     * @param scope which records: {@link RollbackScope#all()} or {@link RollbackScope#keys(List)}
     * @return the run, rolled back in part or whole
     */
    public RunResult rollback(String runId, RollbackScope scope) {
        RunJournal journal = guard(() -> state.openRun(runId));
        Runbook runbook = runbookOf(journal.record());
        return rollback(journal, runbook, scope);
    }

    /**
     * Rolls back a run that was started from code, running the given runbook's rollback hooks.
     *
     * @param runId the run
     * @param runbook the runbook it was started with
     * @return the rolled-back run
     */
    public RunResult rollback(String runId, Runbook runbook) {
        return rollback(guard(() -> state.openRun(runId)), Objects.requireNonNull(runbook, "runbook"), RollbackScope.all());
    }

    private RunResult rollback(RunJournal journal, Runbook runbook, RollbackScope scope) {
        try (Driver driver = driver(journal, runbook)) {
            return reporting(driver, () -> driver.rollback(scope));
        }
    }

    /**
     * Takes a restore point of a store: its secrets (or those the globs match) with their tags,
     * content types and attributes, and their earlier versions when asked, sealed in the state store
     * under the journal key, or kept in a new local store file.
     *
     * @param request the store and options
     * @return the point, and the points the retention pruned
     */
    public BackupResult backup(BackupRequest request) {
        return restorePoints.take(request, this::open);
    }

    /** @return the restore points of this state store, newest first */
    public List<RestorePoint> backups() {
        return guard(() -> restorePoints.list().stream().map(RestorePoint::of).toList());
    }

    /**
     * @param runId a run
     * @return the restore points it took before writing ({@code execution { backup 'target' }})
     */
    public List<RestorePoint> restorePointsOf(String runId) {
        return guard(() -> restorePoints.ofRun(runId).stream().map(RestorePoint::of).toList());
    }

    /**
     * The runbook of a restore: from the point back to the store it was taken of. Plan, run or apply
     * it as any runbook; the run is journaled and can be rolled back.
     *
     * @param point the point's name
     * @param keys key globs to restore; empty for everything the point holds
     * @return the runbook
     * @throws FerryException with {@link ExitCode#ISSUES} when the globs match nothing, {@link ExitCode#USAGE}
     *     for an unknown point, {@link ExitCode#ENVIRONMENT} when the journal key does not open it
     */
    public Runbook restoreRunbook(String point, List<String> keys) {
        return restoreRunbook(point, keys, false);
    }

    /**
     * The runbook of a restore that may also delete what was created since the point: the store's
     * secrets that the point does not hold, among those the point and the globs cover, are planned
     * as deletions, each journaled with the secret as its before-image so that a rollback writes it
     * back.
     *
     * @param point the point's name
     * @param keys key globs to restore; empty for everything the point holds
     * @param deleteExtra whether to delete the store's secrets that the point does not hold
     * @return the runbook
     * @throws FerryException with {@link ExitCode#ISSUES} when the globs match nothing, {@link ExitCode#USAGE}
     *     for an unknown point, {@link ExitCode#ENVIRONMENT} when the journal key does not open it
     */
    public Runbook restoreRunbook(String point, List<String> keys, boolean deleteExtra) {
        return restorePoints.runbook(point, keys, deleteExtra,
                () -> open(new ProviderSpec(RestorePointProvider.SCHEME, point, Map.of())));
    }

    RestorePoints restorePoints() {
        return restorePoints;
    }

    /**
     * Lists the steps a procedure would run, for a dry run: its items are found, no step runs, and
     * nothing is journaled.
     *
     * @param runbook a procedure
     * @return its steps in order
     */
    public ProcedurePlan planSteps(Runbook runbook) {
        if (!runbook.isProcedure()) {
            throw new FerryException(ExitCode.USAGE, "runbook " + runbook.name() + " is a copy, not a procedure; plan it with: ferry plan");
        }
        try {
            return ProcedureRunner.plan(runbook, config.providerContext().workingDirectory(), this::open);
        } catch (ProcedureException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        }
    }

    /**
     * @param runId a procedure run
     * @return its steps as journaled, in the order they first started; empty for a copy
     */
    public List<StepRecord> steps(String runId) {
        return guard(() -> state.openRun(runId).steps().steps());
    }

    /**
     * The history of versioned runbooks in this state store, for one directory of runbooks.
     *
     * @param directory the directory of {@code V<version>__<description>.groovy} and {@code R__<description>.groovy} files
     * @return the migrator: migrate, info, validate, repair, baseline
     */
    public Migrator migrations(Path directory) {
        return new Migrator(this, state, leases, directory, config.actor());
    }

    /**
     * Plans some records of a finished run again and writes what they need now, in the same run,
     * then validates and finishes it again: the repair of records a run flagged or failed to write,
     * once their value or the transform is fixed. The run's runbook file is read as it is now; an
     * edited one is followed, and recorded, as long as it moves between the same stores. Records
     * already written are refused; nothing changes when a key is unknown or its record is blocked.
     *
     * @param runId a run that succeeded (with issues) or failed validation
     * @param sourceKeys the source keys of the records to plan again
     * @return the run, finished again
     */
    public RunResult retry(String runId, Collection<String> sourceKeys) {
        RunJournal journal = guard(() -> state.openRun(runId));
        RunRecord rec = journal.record();
        Runbook runbook = rec.runbookPath() != null && Files.isRegularFile(Path.of(rec.runbookPath()))
                ? load(Path.of(rec.runbookPath())) : runbookOf(rec);
        try (RunDriver driver = new RunDriver(this, config, journal, runbook)) {
            return reporting(driver, () -> driver.retry(sourceKeys));
        }
    }

    /**
     * Retries records of a run that was started from code, with the given runbook.
     *
     * @param runId a run that succeeded (with issues) or failed validation
     * @param runbook the runbook to plan them with, moving between the run's stores
     * @param sourceKeys the source keys of the records to plan again
     * @return the run, finished again
     */
    public RunResult retry(String runId, Runbook runbook, Collection<String> sourceKeys) {
        try (RunDriver driver = reopen(runId, runbook)) {
            return reporting(driver, () -> driver.retry(sourceKeys));
        }
    }

    /**
     * @param runId a run id
     * @return the directory its {@code report.json} and {@code report.html} are written to
     */
    public Path reportDirectory(String runId) {
        return config.reportDirectory().resolve(runId);
    }

    /**
     * Writes (again) a run's report from its journal.
     *
     * @param runId a run id or a unique prefix
     * @return the report page
     */
    public Path report(String runId) {
        RunJournal journal = guard(() -> state.openRun(runId));
        RunResult result = guard(() -> RunDriver.resultOf(journal, null, null, config));
        return guard(() -> ReportWriter.write(RunReport.of(journal, result.validation()), reportDirectory(journal.runId())));
    }

    /**
     * The frame of every command that changes a run, copy or procedure: the command runs guarded by
     * its driver, and the run's report is rewritten whatever the outcome, so that a report never
     * describes the run as it was before the command.
     */
    private RunResult reporting(Driver driver, Supplier<RunResult> command) {
        Lease lease = runLeases.take(driver.runId());
        try (lease) {
            return driver.guarded(command);
        } finally {
            rewriteReport(driver.runId());
        }
    }

    /**
     * Every run leaves its report; a report that cannot be written is logged, never a reason to fail
     * a run whose writes are done.
     */
    private void rewriteReport(String runId) {
        try {
            report(runId);
        } catch (RuntimeException e) {
            LOG.warn("the report of run {} could not be written: {}", runId, Failures.describe(e));
        }
    }

    /**
     * The metrics of a run or a sync (every pass added up) and of its cutover, in the Prometheus text
     * format: records processed, failed and flagged, retries, throttled attempts, the validation and
     * shadow-read match rates, drift, writes owed by dual-write, and the phase.
     *
     * @param idOrPrefix a run or sync id, or a unique prefix
     * @return the exposition text
     */
    public String metrics(String idOrPrefix) {
        return guard(() -> MigrationMetrics.of(state, idOrPrefix,
                journal -> RunDriver.resultOf(journal, null, null, config).validation()));
    }

    /** @return every run, newest first */
    public List<RunRecord> runs() {
        return guard(state::runs);
    }

    /**
     * @param runId a run id or a unique prefix
     * @return the run
     */
    public RunRecord run(String runId) {
        return guard(() -> state.run(state.resolveId(runId)).orElseThrow());
    }

    /**
     * A page of a run's items, without their images.
     *
     * @param runId the run
     * @param statuses the statuses wanted, or null for all
     * @param afterSeq only items after this position
     * @param limit page size
     * @return the items in plan order
     */
    public List<JournalItem> items(String runId, Collection<ItemStatus> statuses, long afterSeq, int limit) {
        return guard(() -> state.openRun(runId).items(statuses, afterSeq, limit, false));
    }

    /**
     * @param runId the run
     * @return the run's counts and validation as journaled
     */
    public RunResult result(String runId) {
        return guard(() -> RunDriver.resultOf(state.openRun(runId), null, null, config));
    }

    /**
     * What applying a run's plan costs: its records by action, and the calls the run makes to its
     * target with the time they take at the rates the target's adapter paces them at (its quotas,
     * or the {@code rate.*} options of the target's URI), worked out from the journal without
     * calling any store.
     *
     * @param runId a run id or a unique prefix
     * @return the estimate
     * @throws FerryException of code {@link ExitCode#USAGE} when a {@code rate.*} option of the target is not a number
     */
    public Estimate estimate(String runId) {
        RunJournal journal = guard(() -> state.openRun(runId));
        RunRecord rec = journal.record();
        Runbook options = RunbookOptions.fromJson(rec.optionsJson());
        CallCosts costs = costs(ProviderSpec.parse(rec.targetUri()));
        PlanSummary plan = new PlanSummary(guard(journal::actionCounts), 0, true);
        Estimate estimate = new Estimator(options.execution(), options.validation(), options.discovery().batchSize())
                .estimate(plan, rec.targetUri(), costs);
        Schedule schedule = options.schedule();
        return schedule == null ? estimate : estimate.inWindows(schedule.describe(),
                MaintenanceWindow.windowsNeeded(schedule, options.execution(), plan, rec.targetUri(), costs));
    }

    /**
     * The first records of each action of a run's plan, in plan order, as they will be written, so
     * that a mapping can be checked before the run: the items are read a page at a time without
     * their images, and only the chosen ones are opened.
     *
     * @param runId a run id or a unique prefix
     * @param perAction how many records of each action, at least 1
     * @return the records, grouped by action in the order of the actions
     */
    public List<PlannedRecord> sample(String runId, int perAction) {
        if (perAction < 1) {
            throw new IllegalArgumentException("a sample takes at least one record of each action, not " + perAction);
        }
        RunJournal journal = guard(() -> state.openRun(runId));
        Map<Action, Long> counts = guard(journal::actionCounts);
        Map<Action, List<JournalItem>> chosen = new EnumMap<>(Action.class);
        long wanted = counts.values().stream().mapToLong(n -> Math.min(n, perAction)).sum();
        long after = 0;
        while (wanted > 0) {
            long from = after;
            List<JournalItem> page = guard(() -> journal.items(null, from, SAMPLE_PAGE, false));
            for (JournalItem item : page) {
                List<JournalItem> of = chosen.computeIfAbsent(item.action(), a -> new ArrayList<>());
                if (of.size() < perAction) {
                    of.add(item);
                    wanted--;
                }
            }
            if (page.size() < SAMPLE_PAGE) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        List<PlannedRecord> sample = new ArrayList<>();
        chosen.values().forEach(items -> items.forEach(item -> {
            List<JournalItem> opened = guard(() -> journal.items(Set.of(item.status()), item.seq() - 1, 1, true));
            JournalItem full = opened.isEmpty() || opened.get(0).seq() != item.seq() ? item : opened.get(0);
            sample.add(new PlannedRecord(full.action().name().toLowerCase(Locale.ROOT), full.sourceKey(), full.targetKey(),
                    full.reason(), full.flags(), full.changes(), full.desired(), full.desiredFingerprint()));
        }));
        return sample;
    }

    /**
     * Compares two stores by keyed fingerprint, in bounded memory.
     *
     * @param a the reference
     * @param b the store compared with it
     * @param each hears every difference as it is found
     * @return the counts
     */
    public DiffReport diff(SecretProvider a, SecretProvider b, Consumer<DiffReport.Entry> each) {
        return new StoreDiff(a, b, config.batchSize()).compare(each, config.cancellation());
    }

    private static String describeOrigin(Runbook runbook) {
        return runbook.origin() == null ? runbook.name() : runbook.origin().toString();
    }

    /** Journals a new procedure run; procedures have no source or target, so the run shows its kind there. */
    private RunJournal createRun(Runbook runbook) {
        Path origin = runbook.origin();
        RunRecord draft = new RunRecord(newId(), runbook.name(), origin == null ? null : origin.toAbsolutePath().toString(),
                origin == null ? null : RunbookChecksum.of(origin), ProcedureRunner.RUN_SOURCE, "steps",
                RunStatus.PLANNING, RunStage.STEPS, config.actor(), null, null, null,
                RunbookOptions.toJson(runbook, config.providerContext().workingDirectory()), null, null, ProcessHandle.current().pid());
        return guard(() -> state.createRun(draft));
    }

    /**
     * Starts a continuous sync of a runbook read from its file: passes that copy only what changed.
     * Call {@link ContinuousSync#run(boolean)} on the result, and close it.
     *
     * @param runbook the runbook, read from a file so that the sync can be resumed
     * @param every the wait between passes
     * @param propagateDeletes whether secrets deleted from the source are deleted from the target
     * @param listener hears each pass
     * @return the sync
     */
    public ContinuousSync startSync(Runbook runbook, Duration every, boolean propagateDeletes, SyncListener listener) {
        if (runbook.origin() == null) {
            throw new FerryException(ExitCode.USAGE, "a sync follows a runbook file, so that it can be resumed; "
                    + "load runbook " + runbook.name() + " from its file");
        }
        String id = "sync-" + newId();
        SyncJournal journal = guard(() -> state.createSync(id, runbook.origin().toAbsolutePath().toString(),
                runbook.name(), every, propagateDeletes, config.actor()));
        Lease lease = guard(() -> runLeases.takeSync(id));
        return new ContinuousSync(syncEngine(), journal, runbook, config.cancellation(), listener, lease);
    }

    /** What a sync may ask of this engine: its stores, a copy per pass, and the copy's items. */
    private SyncEngine syncEngine() {
        return new SyncEngine() {
            @Override
            public SecretProvider open(ProviderSpec spec, boolean mayCreate) {
                return openForRun(spec, null, mayCreate);
            }

            @Override
            public Copy copy(Runbook runbook) {
                RunResult result = run(runbook);
                return new Copy(result.runId(), result.status(), result.error());
            }

            @Override
            public List<JournalItem> items(String runId, long afterSeq, int limit) {
                return Ferry.this.items(runId, null, afterSeq, limit);
            }
        };
    }

    /**
     * @param idOrPrefix a sync id or a unique prefix of one
     * @return whether it names a sync (rather than a run)
     */
    public boolean isSync(String idOrPrefix) {
        return guard(() -> state.findSync(idOrPrefix)).isPresent();
    }

    /**
     * @param idOrPrefix a sync id or a unique prefix of one
     * @return the sync as journaled
     */
    public SyncJournal.Sync sync(String idOrPrefix) {
        return syncJournal(idOrPrefix).record();
    }

    /**
     * @param idOrPrefix a sync id or a unique prefix of one
     * @return its passes, oldest first
     */
    public List<SyncJournal.Pass> syncPasses(String idOrPrefix) {
        return guard(() -> syncJournal(idOrPrefix).passes());
    }

    /**
     * Holds a sync's passes, or lets them go on. A sync running in another process sees it before its
     * next pass.
     *
     * @param idOrPrefix a sync id or a unique prefix of one
     * @param paused whether to hold it
     * @return the sync as journaled now
     */
    public SyncJournal.Sync pauseSync(String idOrPrefix, boolean paused) {
        SyncJournal journal = syncJournal(idOrPrefix);
        guard(() -> {
            journal.paused(paused);
            return null;
        });
        return journal.record();
    }

    /**
     * @param idOrPrefix a sync id or a unique prefix of one
     * @return the process, on this host or another, that runs the sync's passes now, as
     *     "process PID on HOST"; empty when none may still run it (its lease has run out, or its
     *     process of this host has ended)
     */
    public Optional<String> syncRunningElsewhere(String idOrPrefix) {
        String id = sync(idOrPrefix).id();
        return guard(() -> runLeases.syncHolder(id)).map(h -> "process " + h.pid() + " on " + h.host());
    }

    /**
     * Takes over a sync in this process, with the settings it was started with, to run its passes
     * again after its process ended.
     *
     * @param idOrPrefix a sync id or a unique prefix of one
     * @param listener hears each pass
     * @return the sync
     */
    public ContinuousSync continueSync(String idOrPrefix, SyncListener listener) {
        SyncJournal journal = syncJournal(idOrPrefix);
        SyncJournal.Sync rec = journal.record();
        Path file = Path.of(rec.runbookPath());
        if (!Files.isRegularFile(file)) {
            throw new FerryException(ExitCode.USAGE, "sync " + rec.id() + " follows runbook " + file
                    + ", which is gone; restore it to continue");
        }
        Runbook runbook = load(file);
        Lease lease = guard(() -> runLeases.takeSync(rec.id()));
        try {
            guard(() -> {
                journal.takeOver(rec.every(), rec.propagateDeletes());
                return null;
            });
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return new ContinuousSync(syncEngine(), journal, runbook, config.cancellation(), listener, lease);
    }

    /**
     * Where a migration (a run or a sync) stands in its cutover, with the evidence its gates are
     * judged on. A migration without a phase yet starts in {@link Phase#COPYING}.
     *
     * @param idOrPrefix a run or sync id, or a unique prefix
     * @return the phase and evidence
     */
    public Evidence phase(String idOrPrefix) {
        Migration m = migration(idOrPrefix);
        PhaseMachine machine = begin(m);
        return guard(() -> machine.evidence(inputs(m)));
    }

    /**
     * Moves a migration to another phase when its gate holds. Moving to {@link Phase#ROLLED_BACK}
     * first rolls back what the migration wrote (every pass of a sync, newest first, after pausing
     * it); deletions a sync carried over are not restored.
     *
     * @param idOrPrefix a run or sync id, or a unique prefix
     * @param to the phase wanted
     * @return the gate that let it through
     * @throws FerryException with {@link ExitCode#VALIDATION_FAILED} and the gate's reason when the
     *     evidence does not hold, {@link ExitCode#USAGE} when the phase is not the next one
     */
    public Gate phase(String idOrPrefix, Phase to) {
        Migration m = migration(idOrPrefix);
        PhaseMachine machine = begin(m);
        Evidence evidence = guard(() -> machine.evidence(inputs(m)));
        Phase from = evidence.phase();
        Gate gate = machine.gate(to, evidence);
        if (!gate.open()) {
            boolean inOrder = !from.isFinal() && (to == Phase.ROLLED_BACK || to == from.next());
            throw new FerryException(inOrder ? ExitCode.VALIDATION_FAILED : ExitCode.USAGE,
                    "cannot move " + m.id() + " from " + from.label() + " to " + to.label() + ": " + gate.reason());
        }
        if (to == Phase.ROLLED_BACK) {
            rollBackMigration(m);
        }
        try {
            return guard(() -> machine.transition(to, inputs(m), config.actor()));
        } catch (PhaseRefusedException e) {
            throw new FerryException(ExitCode.VALIDATION_FAILED, "cannot move " + m.id() + " to " + to.label() + ": "
                    + e.gate().reason(), e);
        }
    }

    /**
     * @param evidence a migration's evidence, from {@link #phase(String)}
     * @param to a phase
     * @return whether the migration could move there now, and why
     */
    public Gate gate(Evidence evidence, Phase to) {
        return new PhaseMachine(state.phases(), evidence.migrationId()).gate(to, evidence);
    }

    /**
     * Runs the runbook's shadow read for a migration: compares a sample of the migrated records
     * between source and target every {@code every} until {@code during} has passed or a comparison
     * falls below {@code minMatchRate}. Each comparison is recorded as evidence for cutover.
     *
     * @param idOrPrefix a run or sync id, or a unique prefix
     * @param listener hears each comparison
     * @return what the watch saw
     */
    public MonitorResult monitor(String idOrPrefix, MonitorListener listener) {
        Migration m = migration(idOrPrefix);
        Runbook runbook = m.runbook();
        if (runbook.monitoring().shadowRead() == null) {
            throw new FerryException(ExitCode.USAGE, "runbook " + runbook.name() + " declares no shadow read; add: "
                    + "monitoring { shadowRead every: '1m', during: '1h', sample: 0.1; minMatchRate 0.999 }");
        }
        begin(m);
        try (SecretProvider source = openForMigration(m, runbook.source());
             SecretProvider target = openForMigration(m, runbook.target())) {
            Fingerprinter fingerprints;
            Supplier<Iterator<ShadowMonitor.Pair>> pairs;
            if (m.sync() != null) {
                fingerprints = Fingerprinter.ephemeral();
                pairs = () -> MigratedRecords.ofSync(m.sync());
            } else {
                RunJournal journal = guard(() -> state.openRun(m.id()));
                fingerprints = journal.fingerprinter();
                pairs = () -> MigratedRecords.ofRun(journal);
            }
            ShadowMonitor monitor = new ShadowMonitor(source, target, pairs, runbook.monitoring(), fingerprints,
                    state.phases(), m.id(), new SecureRandom());
            return guard(() -> monitor.watch(config.cancellation(), listener));
        }
    }

    /** A migration: a run, or a sync and its runbook. */
    private record Migration(String id, RunRecord run, SyncJournal sync, Runbook runbook) {
    }

    private Migration migration(String idOrPrefix) {
        Optional<SyncJournal> sync = guard(() -> state.findSync(idOrPrefix));
        if (sync.isPresent()) {
            SyncJournal.Sync rec = sync.get().record();
            Path file = Path.of(rec.runbookPath());
            if (!Files.isRegularFile(file)) {
                throw new FerryException(ExitCode.USAGE, "sync " + rec.id() + " follows runbook " + file
                        + ", which is gone; restore it");
            }
            return new Migration(rec.id(), null, sync.get(), load(file));
        }
        RunRecord rec = run(idOrPrefix);
        return new Migration(rec.id(), rec, null, runbookOf(rec));
    }

    private PhaseMachine begin(Migration m) {
        PhaseMachine machine = new PhaseMachine(state.phases(), m.id());
        guard(() -> {
            machine.begin(m.runbook().monitoring(), config.actor());
            return null;
        });
        return machine;
    }

    private PhaseMachine.Inputs inputs(Migration m) {
        long pending = state.pendingRetries();
        if (m.sync() != null) {
            List<SyncJournal.Pass> passes = m.sync().passes();
            SyncJournal.Pass last = passes.isEmpty() ? null : passes.get(passes.size() - 1);
            boolean anyDone = passes.stream().anyMatch(p -> p.status() == PassStatus.DONE);
            String copy = last == null ? "sync " + m.id() + " has run no pass yet"
                    : "sync " + m.id() + ": " + passes.size() + " passes, the last (" + last.pass() + ") " + last.status()
                            + (last.error() == null ? "" : ": " + last.error());
            return new PhaseMachine.Inputs(copy, anyDone && last != null && last.status() != PassStatus.FAILED, pending);
        }
        RunRecord rec = state.run(m.id()).orElseThrow();
        boolean done = rec.status() == RunStatus.SUCCEEDED || rec.status() == RunStatus.SUCCEEDED_WITH_ISSUES;
        return new PhaseMachine.Inputs("run " + rec.id() + " is " + rec.status()
                + (done || rec.error() == null ? "" : " (" + rec.error() + ")"), done, pending);
    }

    private void rollBackMigration(Migration m) {
        if (m.sync() == null) {
            RunResult result = rollback(m.id());
            if (result.status() != RunStatus.ROLLED_BACK) {
                throw new FerryException(ExitCode.STOPPED, "the rollback of run " + m.id() + " did not finish ("
                        + result.status() + "); continue it with: ferry rollback " + m.id());
            }
            return;
        }
        pauseSync(m.id(), true);
        List<SyncJournal.Pass> passes = new ArrayList<>(m.sync().passes());
        Collections.reverse(passes);
        for (SyncJournal.Pass pass : passes) {
            if (pass.runId() != null) {
                RunResult result = rollback(pass.runId());
                if (result.status() != RunStatus.ROLLED_BACK) {
                    throw new FerryException(ExitCode.STOPPED, "the rollback of pass " + pass.pass() + " (run " + pass.runId()
                            + ") did not finish (" + result.status() + "); continue it with: ferry rollback " + pass.runId()
                            + ", then move the phase again");
                }
            }
        }
    }

    private SecretProvider openForMigration(Migration m, ProviderSpec spec) {
        return m.run() == null ? open(spec) : openForRun(spec, RunbookOptions.storeDirectory(m.run().optionsJson()), false);
    }

    private SyncJournal syncJournal(String idOrPrefix) {
        return guard(() -> state.findSync(idOrPrefix)).orElseThrow(() -> new FerryException(ExitCode.USAGE,
                "no sync '" + idOrPrefix + "' in " + state.location() + "; start one with: ferry sync RUNBOOK --every 5m"));
    }

    static String newId() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(RUN_ID_TIME) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }

    private RunDriver start(Runbook runbook) {
        Objects.requireNonNull(runbook, "runbook");
        String id = newId();
        Path origin = runbook.origin();
        RunRecord draft = new RunRecord(id, runbook.name(), origin == null ? null : origin.toAbsolutePath().toString(),
                origin == null ? null : RunbookChecksum.of(origin), runbook.source().toUri(), runbook.target().toUri(),
                RunStatus.PLANNING, RunStage.DISCOVERY, config.actor(), null, null, null, RunbookOptions.toJson(runbook, config.providerContext().workingDirectory()), null,
                null, ProcessHandle.current().pid());
        RunJournal journal = guard(() -> state.createRun(draft));
        return new RunDriver(this, config, journal, runbook);
    }

    /** @return the driver the runbook needs: a procedure's steps, or a copy's stages */
    private Driver driver(RunJournal journal, Runbook runbook) {
        return runbook.isProcedure() ? new ProcedureDriver(this, config, journal, runbook)
                : new RunDriver(this, config, journal, runbook);
    }

    private RunDriver reopen(String runId) {
        RunJournal journal = guard(() -> state.openRun(runId));
        return new RunDriver(this, config, journal, runbookOf(journal.record()));
    }

    private RunDriver reopen(String runId, Runbook runbook) {
        RunJournal journal = guard(() -> state.openRun(runId));
        return new RunDriver(this, config, journal, Objects.requireNonNull(runbook, "runbook"));
    }

    private Runbook runbookOf(RunRecord rec) {
        if (rec.runbookPath() == null) {
            if (RunbookOptions.hadClosures(rec.optionsJson())) {
                throw new FerryException(ExitCode.USAGE, "run " + rec.id() + " was started from code with transforms, "
                        + "hooks or steps that the journal cannot hold; continue it from code with Ferry.resume(runId, runbook) "
                        + "or Ferry.rollback(runId, runbook)");
            }
            return RunbookOptions.fromJson(rec.optionsJson());
        }
        Path file = Path.of(rec.runbookPath());
        if (!Files.isRegularFile(file)) {
            throw new FerryException(ExitCode.USAGE, "run " + rec.id() + " needs its runbook " + file
                    + ", which is gone; restore it to continue");
        }
        String now = RunbookChecksum.of(file);
        if (!now.equals(rec.runbookChecksum())) {
            throw new FerryException(ExitCode.USAGE, "runbook " + file + " changed since run " + rec.id()
                    + " started (checksum " + rec.runbookChecksum() + ", now " + now
                    + "); restore it to resume, or start a new run");
        }
        return load(file);
    }

    private <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (UnknownRunException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        } catch (StateException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        state.close();
    }

    /**
     * The engine's settings. Every setter says its default.
     */
    public static final class Configuration {
        /** The variable that sets how long a lease lasts unless renewed, such as {@code 60s} or {@code 5m}. */
        public static final String LEASE_VARIABLE = "FERRY_LEASE_DURATION";
        private static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
        /** Shorter than this, a renewal every third of it would be mostly waiting on the store. */
        private static final Duration MIN_LEASE = Duration.ofMillis(300);
        private Path workingDirectory = Path.of("").toAbsolutePath();
        private StateLocation state;
        private String stateText;
        private Path journalKeyFile;
        private Path auditDirectory;
        private Path reportDirectory;
        private ProviderContext providerContext;
        private ProgressListener progress = ProgressListener.NONE;
        private Cancellation cancellation = new Cancellation();
        private Function<Path, Runbook> runbookLoader;
        private Backoff backoff = Backoff.DEFAULT;
        private String actor;
        private int batchSize = 100;
        private Consumer<SecretValue> valuesRead = value -> { };
        private Clock clock = Clock.systemDefaultZone();
        private Duration leaseDuration;
        private boolean takeOverLeases;

        private Configuration() {
        }

        /**
         * @param dir the directory relative paths resolve against. Default: the process's working directory.
         * @return this configuration
         */
        public Configuration workingDirectory(Path dir) {
            this.workingDirectory = dir.toAbsolutePath();
            return this;
        }

        /**
         * @param file the state store. Default: {@code .ferry/state.db} in the working directory.
         * @return this configuration
         */
        public Configuration stateFile(Path file) {
            this.state = StateLocation.file(file);
            this.stateText = null;
            return this;
        }

        /**
         * @param location the state store, as {@code --state} takes it: a SQLite file (relative to the working
         *     directory) or a {@code postgresql://} URL. Default: {@code .ferry/state.db} in the working directory.
         * @return this configuration
         */
        public Configuration state(String location) {
            this.stateText = location;
            this.state = null;
            return this;
        }

        /**
         * @param file the journal key file. Default: the secret {@code FERRY_JOURNAL_KEY_URI} names, else the
         *     key in {@code FERRY_JOURNAL_KEY} (base64), else the file {@code FERRY_JOURNAL_KEY_FILE} names, else
         *     {@code ~/.ferry/journal.key}; the variables are read from the provider context's environment.
         * @return this configuration
         */
        public Configuration journalKeyFile(Path file) {
            this.journalKeyFile = file;
            return this;
        }

        /**
         * @param dir where audit trails go. Default: {@code audit} beside the state store file, or in the
         *     working directory's {@code .ferry} for a store on a server.
         * @return this configuration
         */
        public Configuration auditDirectory(Path dir) {
            this.auditDirectory = dir;
            return this;
        }

        /**
         * @param dir where run reports go, one directory per run. Default: {@code reports} beside the state store file,
         *     or in the working directory's {@code .ferry} for a store on a server.
         * @return this configuration
         */
        public Configuration reportDirectory(Path dir) {
            this.reportDirectory = dir;
            return this;
        }

        /**
         * @param context passphrases and environment for providers. Default: the process's, prompting on the console.
         * @return this configuration
         */
        public Configuration providerContext(ProviderContext context) {
            this.providerContext = context;
            return this;
        }

        /**
         * @param listener hears progress. Default: none.
         * @return this configuration
         */
        public Configuration progress(ProgressListener listener) {
            this.progress = listener;
            return this;
        }

        /**
         * @param token checked between batches; cancel it to stop at the next safe point. Default: never cancelled.
         * @return this configuration
         */
        public Configuration cancellation(Cancellation token) {
            this.cancellation = token;
            return this;
        }

        /**
         * @param loader reads runbook files. Default: the Groovy DSL compiler with the transforms on the class path.
         * @return this configuration
         */
        public Configuration runbookLoader(Function<Path, Runbook> loader) {
            this.runbookLoader = loader;
            return this;
        }

        /**
         * @param backoff the waits between retries. Default: 100 ms doubling to 10 s, with jitter.
         * @return this configuration
         */
        public Configuration backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /**
         * @param actor who is acting, recorded in the journal and audit. Default: {@code FERRY_ACTOR}, else the OS user.
         * @return this configuration
         */
        public Configuration actor(String actor) {
            this.actor = actor;
            return this;
        }

        /**
         * @param size records per read batch in validation and diff. Default: 100.
         * @return this configuration
         */
        public Configuration batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /**
         * @param observer hears every value planning takes from a source, before any transform sees
         *     it; a shell uses it to mask those values in what the runbook's transforms print.
         *     Default: none.
         * @return this configuration
         */
        public Configuration valuesRead(Consumer<SecretValue> observer) {
            this.valuesRead = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * @param clock what time it is, and the zone that maintenance windows' cron expressions are
         *     read in. Default: the system clock in the system's zone.
         * @return this configuration
         */
        public Configuration clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param duration how long a process's lease on a run it drives, or on the migration lock,
         *     lasts unless renewed; it is renewed every third of that, and another host may take it
         *     over once it runs out. Default: {@value #LEASE_VARIABLE} from the provider context's
         *     environment, else 60 seconds.
         * @return this configuration
         */
        public Configuration leaseDuration(Duration duration) {
            this.leaseDuration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /**
         * @param force whether {@code apply}, {@code resume}, {@code retry} and {@code rollback} take a run
         *     over from another process whose lease on it has not run out, as {@code --force} asks.
         *     Default: false, they refuse, naming the holder.
         * @return this configuration
         */
        public Configuration takeOverLeases(boolean force) {
            this.takeOverLeases = force;
            return this;
        }

        /**
         * Builds the engine from a copy of these settings: changing this configuration afterwards does
         * not change an engine already loaded.
         *
         * @return the engine
         */
        public Ferry load() {
            return new Ferry(resolvedCopy());
        }

        private Configuration resolvedCopy() {
            Configuration c = new Configuration();
            c.workingDirectory = workingDirectory;
            c.providerContext = providerContext != null ? providerContext
                    : new ProviderContext(workingDirectory, System.getenv(), ProviderContext.PassphraseSource.console());
            if (state != null) {
                c.state = state;
            } else if (stateText != null) {
                try {
                    c.state = StateLocation.parse(stateText, workingDirectory, c.providerContext.environment());
                } catch (IllegalArgumentException e) {
                    throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
                }
            } else {
                c.state = StateLocation.file(workingDirectory.resolve(".ferry").resolve("state.db"));
            }
            c.journalKeyFile = journalKeyFile;
            // A store on a server has no directory: audit trails and reports stay in the working directory's .ferry.
            Path stateDirectory = c.state.localFile().map(f -> f.toAbsolutePath().getParent())
                    .orElse(workingDirectory.resolve(".ferry"));
            c.auditDirectory = auditDirectory != null ? auditDirectory : stateDirectory.resolve("audit");
            c.reportDirectory = reportDirectory != null ? reportDirectory : stateDirectory.resolve("reports");
            c.runbookLoader = runbookLoader != null ? runbookLoader : new DefaultRunbookLoader(c.providerContext.environment());
            c.actor = actor != null ? actor
                    : c.providerContext.environment().getOrDefault("FERRY_ACTOR", System.getProperty("user.name", "unknown"));
            c.progress = progress;
            c.cancellation = cancellation;
            c.backoff = backoff;
            c.batchSize = batchSize;
            c.valuesRead = valuesRead;
            c.clock = clock;
            c.leaseDuration = leaseDuration != null ? leaseDuration : leaseDurationOf(c.providerContext.environment());
            if (c.leaseDuration.compareTo(MIN_LEASE) < 0) {
                throw new FerryException(ExitCode.USAGE, "a lease of " + Monitoring.format(c.leaseDuration) + " is too short to renew; give "
                        + LEASE_VARIABLE + " (or the lease duration) at least " + Monitoring.format(MIN_LEASE));
            }
            c.takeOverLeases = takeOverLeases;
            return c;
        }

        private static Duration leaseDurationOf(Map<String, String> environment) {
            String text = environment.get(LEASE_VARIABLE);
            if (text == null || text.isBlank()) {
                return DEFAULT_LEASE;
            }
            try {
                return Monitoring.parseDuration(text, LEASE_VARIABLE);
            } catch (IllegalArgumentException e) {
                throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
            }
        }

        Duration leaseDuration() {
            return leaseDuration;
        }

        boolean takeOverLeases() {
            return takeOverLeases;
        }

        StateLocation state() {
            return state;
        }

        /** @return the journal key file set here, or null to find the key as the environment says */
        Path journalKeyFile() {
            return journalKeyFile;
        }

        Path auditDirectory() {
            return auditDirectory;
        }

        Path reportDirectory() {
            return reportDirectory;
        }

        ProviderContext providerContext() {
            return providerContext;
        }

        ProgressListener progress() {
            return progress;
        }

        Cancellation cancellation() {
            return cancellation;
        }

        Backoff backoff() {
            return backoff;
        }

        String actor() {
            return actor;
        }

        int batchSize() {
            return batchSize;
        }

        Consumer<SecretValue> valuesRead() {
            return valuesRead;
        }

        Clock clock() {
            return clock;
        }
    }
}
