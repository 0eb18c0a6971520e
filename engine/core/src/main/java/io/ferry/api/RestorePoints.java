package io.ferry.api;

import io.ferry.restore.RestorePointProvider;
import io.ferry.restore.RestorePointWriter;
import io.ferry.runbook.Discovery;
import io.ferry.runbook.Execution;
import io.ferry.runbook.OnExisting;
import io.ferry.runbook.OnSoftDeleted;
import io.ferry.runbook.Planning;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Validation;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.state.RestorePointTable;
import io.ferry.state.RestorePointTable.Point;
import io.ferry.state.StateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The commands on restore points: take one ({@code ferry backup}), list them ({@code ferry backups}),
 * prune old ones, open one as a read-only store ({@code point:NAME}), and make the runbook of a
 * restore, which then runs as any run does: planned, written, validated, journaled and reversible.
 */
final class RestorePoints {

    private final RestorePointTable table;
    private final Ferry.Configuration config;

    RestorePoints(RestorePointTable table, Ferry.Configuration config) {
        this.table = table;
        this.config = config;
    }

    /**
     * Takes a restore point of a store, then prunes the points older than the retention.
     *
     * @param request what to take
     * @param opener opens a store in a context
     * @return the point and the points pruned
     */
    BackupResult take(BackupRequest request, BiFunction<ProviderSpec, ProviderContext, SecretProvider> opener) {
        ProviderSpec local = request.to() == null ? null : localFile(request.to());
        ProviderSpec storeSpec;
        try {
            storeSpec = ProviderSpec.parse(request.storeUri());
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        }
        Point point;
        try (SecretProvider store = opener.apply(storeSpec, config.providerContext().existingOnly())) {
            point = take(store, request, local == null ? null : () -> opener.apply(local, config.providerContext()));
        }
        List<String> pruned = request.retention() == null ? List.of() : prune(request.retention(), point.name());
        return new BackupResult(RestorePoint.of(point), pruned);
    }

    /**
     * Takes a restore point of an open store.
     *
     * @param store the store
     * @param request the globs, versions, and the run taking it
     * @param localCopy opens the local store file the records go to, or null for the state store
     * @return the point, complete
     */
    Point take(SecretProvider store, BackupRequest request, Supplier<SecretProvider> localCopy) {
        String name = "rp-" + Ferry.newId();
        SecretProvider copy = localCopy == null ? null : empty(localCopy.get());
        try {
            RestorePointTable.Sealed sealed = table.create(new RestorePointTable.Draft(name, store.spec().toUri(),
                    copy == null ? null : copy.spec().toUri(), request.keys().isEmpty() ? null : String.join(",", request.keys()),
                    request.allVersions(), request.runId(), request.role()));
            RestorePointWriter.Counts counts = new RestorePointWriter(store, request.keys(), request.allVersions())
                    .take(sealed, copy, config.cancellation());
            if (counts == null) {
                table.delete(name);
                throw new FerryException(ExitCode.INTERRUPTED, "interrupted while taking a restore point of "
                        + store.spec().toUri() + "; nothing was kept; take it again");
            }
            return table.find(name).orElseThrow();
        } catch (StateException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, e.getMessage(), e);
        } finally {
            if (copy != null) {
                copy.close();
            }
        }
    }

    /** A local store file for a point must be new: a point never mixes with secrets kept there for another reason. */
    private ProviderSpec localFile(String uri) {
        ProviderSpec spec;
        try {
            spec = ProviderSpec.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new FerryException(ExitCode.USAGE, e.getMessage(), e);
        }
        if (!"local".equals(spec.scheme()) || spec.location().isBlank()) {
            throw new FerryException(ExitCode.USAGE, "--to '" + uri + "' is not a local store file; write --to local:FILE, "
                    + "for example --to local:backups/app.db");
        }
        // Kept absolute, so that the point is found from whichever directory it is restored.
        return new ProviderSpec(spec.scheme(), config.providerContext().workingDirectory().resolve(spec.location())
                .toAbsolutePath().normalize().toString(), spec.options());
    }

    private static SecretProvider empty(SecretProvider copy) {
        if (!copy.list("", null, 1).items().isEmpty()) {
            copy.close();
            throw new FerryException(ExitCode.USAGE, copy.spec().toUri() + " already holds secrets; give --to a new file "
                    + "for the restore point");
        }
        return copy;
    }

    /**
     * Deletes the points taken longer ago than the retention, but the one just taken.
     *
     * @return their names
     */
    private List<String> prune(Duration retention, String keep) {
        Instant cutoff = Instant.now().minus(retention);
        List<String> pruned = new ArrayList<>();
        for (Point p : table.list()) {
            if (!p.name().equals(keep) && p.createdAt().isBefore(cutoff) && table.delete(p.name())) {
                pruned.add(p.name());
            }
        }
        return pruned;
    }

    List<Point> list() {
        return table.list();
    }

    List<Point> ofRun(String runId) {
        return table.ofRun(runId);
    }

    /**
     * @param name a point's name
     * @return the point, complete
     * @throws FerryException with {@link ExitCode#USAGE} when there is none or it was cut short
     */
    Point require(String name) {
        Optional<Point> point = table.find(name);
        if (point.isEmpty()) {
            throw new FerryException(ExitCode.USAGE, "no restore point '" + name + "' in " + config.state()
                    + "; list them with: ferry backups");
        }
        if (!point.get().complete()) {
            throw new FerryException(ExitCode.USAGE, "restore point " + name + " was cut short while it was taken and holds "
                    + "only part of " + point.get().storeUri() + "; restore another one (see: ferry backups)");
        }
        return point.get();
    }

    /**
     * Opens a point as a read-only store: its sealed records, or the local store file that holds them.
     *
     * @param name the point's name
     * @param context how the engine opens stores, for a point kept in a local file
     * @param opener opens a store by URI
     * @return the store
     */
    SecretProvider open(String name, ProviderContext context, BiFunction<ProviderSpec, ProviderContext, SecretProvider> opener) {
        Point point = require(name);
        if (point.location() != null) {
            return opener.apply(ProviderSpec.parse(point.location()), context.existingOnly());
        }
        try {
            return new RestorePointProvider(table.open(name));
        } catch (StateException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, e.getMessage(), e);
        }
    }

    /**
     * The runbook of a restore: from the point to the store it was taken of, overwriting what
     * differs, taking every version back where the point kept them, then validating every record.
     * The runbook is journaled with the run, so the restore resumes and rolls back like any run.
     *
     * With {@code deleteExtra}, the store's secrets that the point does not hold are deleted too,
     * among those the point was taken of (its globs) and the restore covers (its globs); each
     * deletion keeps the secret as its before-image, so that a rollback writes it back.
     *
     * @param name the point's name
     * @param keys key globs to restore; empty for every key the point holds
     * @param deleteExtra whether to delete the store's secrets that the point does not hold
     * @param keyCheck opens the point, to check that it opens and that the globs match some key
     * @return the runbook
     * @throws FerryException with {@link ExitCode#ISSUES} when the globs match no key of the point
     */
    Runbook runbook(String name, List<String> keys, boolean deleteExtra, Supplier<SecretProvider> keyCheck) {
        Point point = require(name);
        List<Pattern> globs = keys.stream().map(Discovery::glob).toList();
        // Opened before any run is journaled, so that a point the journal key no longer opens, or globs
        // that match none of its keys, stop here with nothing done.
        boolean any;
        try (SecretProvider records = keyCheck.get();
             Stream<SecretSummary> listing = records.stream("", Discovery.DEFAULT_PAGE_SIZE)) {
            any = globs.isEmpty() || listing.anyMatch(s -> globs.stream().anyMatch(g -> g.matcher(s.key()).matches()));
        }
        if (!any) {
            throw new FerryException(ExitCode.ISSUES, "no key of restore point " + name + " matches "
                    + String.join(" ", keys.stream().map(k -> "--keys '" + k + "'").toList())
                    + "; nothing was restored; see its keys with: ferry restore " + name + " --dry-run --all");
        }
        // A point taken of part of a store says nothing of the rest, so only its part can hold extras.
        List<String> extraScope = !deleteExtra ? List.of() : point.keys() == null ? List.of("**")
                : List.of(point.keys().split(","));
        return Runbook.builder()
                .name("restore")
                .description("ferry restore " + name + " into " + point.storeUri()
                        + (deleteExtra ? ", deleting what the point does not hold" : ""))
                .source(new ProviderSpec(RestorePointProvider.SCHEME, name, Map.of()))
                .target(point.storeUri())
                .discovery(new Discovery(keys, List.of(), List.of(), List.of(), Discovery.DEFAULT_PAGE_SIZE,
                        Discovery.DEFAULT_BATCH_SIZE, point.allVersions()))
                .planning(new Planning(OnExisting.UPDATE, true, OnSoftDeleted.FAIL, extraScope))
                .execution(Execution.defaults())
                .validation(Validation.defaults())
                .build();
    }
}
