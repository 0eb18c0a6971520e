package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.api.RunResult;
import io.ferry.files.PrivateFiles;
import io.ferry.provider.local.LocalProviderFactory;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.state.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry demo}: a complete migration to look at. Creates two encrypted local stores, fills one
 * with sample secrets, writes a commented runbook beside them, runs it (plan, execute, validate)
 * and says what to try next. Running it again starts over in the same directory.
 */
@Command(name = "demo", sortOptions = false,
        description = {
                "Creates two encrypted local stores with sample secrets and a commented runbook in a directory,",
                "runs the runbook (plan, write, validate; state in DIR/.ferry/state.db), and says what to try next.",
                "Running it again re-creates the demo. Without FERRY_LOCAL_PASSPHRASE the demo's own stores use "
                        + "the passphrase '" + DemoCommand.DEMO_PASSPHRASE + "'."})
final class DemoCommand implements Callable<Integer> {

    static final String DEMO_PASSPHRASE = "ferry-demo";

    private static final String RUNBOOK = "V1__demo_copy.groovy";
    /** Marks a directory as the demo's own, so that starting over never deletes anything else. */
    private static final String MARKER = ".ferry-demo";
    private static final List<String> DEMO_FILES = List.of("source.db", "source.db-wal", "source.db-shm", "target.db",
            "target.db-wal", "target.db-shm", RUNBOOK, MARKER);

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "ferry-demo",
            description = "Where to put the demo (default: ${DEFAULT-VALUE}).")
    private Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path home = main.host().resolve(dir);
        boolean again = prepare(home);
        Map<String, String> environment = new HashMap<>(main.host().environment());
        String given = environment.get(LocalProviderFactory.PASSPHRASE_VARIABLE);
        boolean demoPassphrase = given == null || given.isEmpty();
        if (demoPassphrase) {
            environment.put(LocalProviderFactory.PASSPHRASE_VARIABLE, DEMO_PASSPHRASE);
        }
        ProviderContext context = new ProviderContext(home, environment, main.host().terminal()::askSecret);

        out.println((again ? "re-created " : "created ") + home
                + (again ? " (the previous demo's stores, runbook and state were removed)" : ""));
        out.println(demoPassphrase
                ? "FERRY_LOCAL_PASSPHRASE is not set: the demo's stores use the demo passphrase '" + DEMO_PASSPHRASE + "'"
                : "the demo's stores use the passphrase in FERRY_LOCAL_PASSPHRASE");
        int count = fillSource(context);
        writeRunbook(home.resolve(RUNBOOK));
        out.println("  source.db             " + count
                + " sample secrets under app/ and legacy/ (text, JSON, binary; tags env, team, owner)");
        out.println("  target.db             empty");
        out.println("  " + RUNBOOK + "  copies app/**, tags each copy, flags secrets without an owner, validates");
        out.println();
        out.println("running " + RUNBOOK + " (state in " + home.resolve(".ferry/state.db") + ")");
        out.flush();

        Ferry.Configuration config = Ferry.configure()
                .workingDirectory(home)
                .stateFile(home.resolve(".ferry").resolve("state.db"))
                .providerContext(context);
        try (RunSession session = new RunSession(config, main.host(), main.interrupts(), spec, false)) {
            Path runbook = home.resolve(RUNBOOK);
            RunResult result = session.interruptible(f -> f.run(f.load(runbook)));
            session.report().printSummary(result);
            session.noteInterruption(result);
            printNext(out, home, result.runId(), demoPassphrase);
            // The demo's runbook flags secrets on purpose; a run that ends with them is the demo working.
            boolean finished = result.status() == RunStatus.SUCCEEDED || result.status() == RunStatus.SUCCEEDED_WITH_ISSUES;
            return finished ? ExitCode.SUCCESS.code() : result.exitCode().code();
        }
    }

    /**
     * Makes the directory ready for a fresh demo.
     *
     * @return whether an earlier demo was there and removed
     */
    private boolean prepare(Path home) {
        try {
            if (Files.isDirectory(home) && Files.exists(home.resolve(MARKER))) {
                for (String name : DEMO_FILES) {
                    Files.deleteIfExists(home.resolve(name));
                }
                deleteTree(home.resolve(".ferry"));
                PrivateFiles.replace(home.resolve(MARKER), "made by ferry demo; running it again re-creates this directory\n");
                return true;
            }
            if (Files.exists(home) && !isEmptyDirectory(home)) {
                throw new FerryException(ExitCode.USAGE, home + " exists and was not made by ferry demo; "
                        + "choose another directory with --dir");
            }
            PrivateFiles.createDirectories(home);
            PrivateFiles.replace(home.resolve(MARKER), "made by ferry demo; running it again re-creates this directory\n");
            return false;
        } catch (IOException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, "cannot prepare the demo directory " + home + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean isEmptyDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int fillSource(ProviderContext context) {
        ProviderRegistry registry = ProviderRegistry.load();
        List<SecretRecord> records = DemoSecrets.records();
        try (SecretProvider source = registry.open("local:source.db", context);
             SecretProvider target = registry.open("local:target.db", context)) {
            for (SecretRecord record : records) {
                source.write(record, WriteCondition.createOnly(), WriteOptions.none());
            }
        }
        return records.size();
    }

    private static void writeRunbook(Path file) {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + RUNBOOK)) {
            if (in == null) {
                throw new IllegalStateException("the demo runbook is missing from the ferry jar; rebuild it");
            }
            PrivateFiles.replace(file, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the launcher script's path from the demo directory, or its absolute path when that is shorter */
    private String launcherFrom(Path home) {
        String launcher = main.host().environment().get("FERRY_LAUNCHER");
        if (launcher == null) {
            return "ferry";
        }
        Path absolute = Path.of(launcher).toAbsolutePath();
        String relative = home.relativize(absolute).toString();
        return relative.length() <= absolute.toString().length() ? relative : absolute.toString();
    }

    /**
     * Store paths in the runbook are relative to the demo directory, so the next steps start there.
     * Started through the launcher script, they name the script by its path from there.
     */
    private void printNext(PrintWriter out, Path home, String runId, boolean demoPassphrase) {
        String ferry = launcherFrom(home);
        Path shown = main.host().workingDirectory().relativize(home);
        out.println();
        out.println("what to run next:");
        out.println("  cd " + (shown.toString().isEmpty() ? "." : shown));
        if (demoPassphrase) {
            out.println("  export " + LocalProviderFactory.PASSPHRASE_VARIABLE + "=" + DEMO_PASSPHRASE);
        }
        String[][] steps = {
                {"show " + runId, "every secret of the run: action, reason, flags, status"},
                {"show " + runId + " --status flagged", "the secrets flagged for review"},
                {"ls local:target.db", "what the target holds now; never values"},
                {"get local:target.db app/payments/database", "one secret, its value masked"},
                {"diff 'local:source.db?prefix=app/' 'local:target.db?prefix=app/'", "in sync: exit code 0"},
                {"run " + RUNBOOK, "run it again: the plan shows everything unchanged"},
                {"rollback " + runId, "undo the run: target.db is empty again"}};
        int width = 0;
        for (String[] step : steps) {
            width = Math.max(width, ferry.length() + 1 + step[0].length());
        }
        for (String[] step : steps) {
            String command = ferry + " " + step[0];
            out.println("  " + command + " ".repeat(width - command.length()) + "   # " + step[1]);
        }
        out.flush();
    }
}
