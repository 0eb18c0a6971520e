package io.ferry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ferry restore POINT}: writes a restore point back into the store it was taken of, as an
 * ordinary run: planned and shown first, journaled, validated, and undone with {@code ferry rollback}.
 */
@Command(name = "restore", sortOptions = false,
        description = {
                "Restores a restore point into the store it was taken of, as a run: the plan is shown first (on a",
                "terminal it is applied only if you confirm it; without one pass --yes), what differs is written back,",
                "every record is validated at the end, and 'ferry rollback RUN' undoes the restore. Secrets created",
                "since the point are left alone unless --delete-extra is given.",
                "Names the store now refuses are planned as invalid and nothing is written."})
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "POINT", description = "The restore point's name, as 'ferry backups' lists it.")
    private String point;

    @Option(names = "--keys", paramLabel = "GLOB",
            description = "Only keys matching this glob (* within a segment, ** across segments); repeat for more.")
    private List<String> keys = new ArrayList<>();

    @Option(names = "--delete-extra",
            description = "Also delete the store's secrets that the point does not hold (created since it was taken), "
                    + "within the point's and --keys' globs; a rollback writes them back.")
    private boolean deleteExtra;

    @Mixin
    private ApplyOptions apply;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        return new RunFlow(main, spec, output.json(), apply.all).run(ferry -> ferry.restoreRunbook(point, keys, deleteExtra),
                apply.dryRun, apply.yes);
    }
}
