package io.ferry.cli;

import io.ferry.dsl.TransformCatalog;
import io.ferry.runbook.Discovery;
import io.ferry.runbook.Execution;
import io.ferry.runbook.OnExisting;
import io.ferry.runbook.Planning;
import io.ferry.runbook.Runbook;
import io.ferry.transform.TransformRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry copy FROM TO}: a migration without a runbook file. It is journaled like any run, so
 * it can be shown, resumed and rolled back by its run id.
 */
@Command(name = "copy", sortOptions = false,
        description = {
                "Copies secrets from one store to another, without a runbook file.",
                "Plans, executes and validates like 'ferry run': on a terminal the plan is shown first and applied",
                "only if you confirm it; without a terminal (CI) pass --yes."})
final class CopyCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FROM", description = "The source store, for example local:old.db.")
    private String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The target store, for example local:new.db.")
    private String to;

    @Option(names = "--include", paramLabel = "GLOB",
            description = "Only keys matching this glob (* within a segment, ** across segments); repeat for more.")
    private List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out keys matching this glob; repeat for more.")
    private List<String> excludes = new ArrayList<>();

    @Option(names = "--disabled", paramLabel = "CHOICE", defaultValue = "copy",
            description = {"Disabled source secrets (enabled=false): copy them disabled, or skip them (default: "
                    + "${DEFAULT-VALUE}).", "A target without a disabled state (aws, vault, k8s) skips them either way."})
    private String disabled;

    @Option(names = "--on-existing", paramLabel = "CHOICE", defaultValue = "skip",
            description = "When the target holds a key with another value: skip, update or fail (default: ${DEFAULT-VALUE}).")
    private OnExisting onExisting;

    @Option(names = "--take-ownership",
            description = "Let --on-existing update overwrite target secrets that Ferry did not write.")
    private boolean takeOwnership;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Writes in flight at once, 1 to 256 (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "At most N writes per second, to stay below the target's quota (default: no cap).")
    private double rate;

    @Option(names = "--transform", paramLabel = "NAME[:K=V,...]",
            description = {"Apply this transform to every record, with its arguments; repeat for more, applied in order.",
                    "Built-ins (see 'ferry transforms') and scripts in ./transforms/NAME.groovy."})
    private List<String> transforms = new ArrayList<>();

    @Mixin
    private ApplyOptions apply;

    @Mixin
    private SampleOption sample;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        boolean skipDisabled = switch (disabled) {
            case "copy" -> false;
            case "skip" -> true;
            default -> throw new ParameterException(spec.commandLine(), "--disabled '" + disabled
                    + "' is not one of copy, skip");
        };
        Execution defaults = Execution.defaults();
        Runbook.Builder builder = Runbook.builder();
        TransformCatalog catalog = TransformCatalog.of(TransformRegistry.load(), main.host().workingDirectory());
        for (String transform : transforms) {
            Map.Entry<String, Map<String, Object>> named = TransformSpecs.parse(transform);
            builder.transform(catalog.create(named.getKey(), named.getValue()));
        }
        Runbook runbook = builder
                .name("copy")
                .description("ferry copy " + from + " " + to)
                .source(from)
                .target(to)
                .discovery(new Discovery(includes, excludes, List.of(), List.of(), Discovery.DEFAULT_PAGE_SIZE,
                        Discovery.DEFAULT_BATCH_SIZE, false, skipDisabled))
                .planning(new Planning(onExisting, takeOwnership))
                .execution(new Execution(concurrency, defaults.retries(), defaults.onError(), defaults.batchSize(), rate))
                .build();
        return new RunFlow(main, spec, output.json(), apply.all).sample(sample.perAction())
                .run(ferry -> runbook, apply.dryRun, apply.yes);
    }
}
