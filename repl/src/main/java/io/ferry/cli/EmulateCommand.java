package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.OwnerOnlyFiles;
import io.ferry.testkit.server.SeedFile;
import io.ferry.testkit.server.SeedSecret;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry emulate STORE}: runs one of the testkit's wire-faithful servers, so that a runbook can
 * be rehearsed offline against the store's real protocol, with latency, faults and quotas to see how
 * it behaves when the store is slow, failing or throttling, and with secrets seeded from a file. The
 * store lives in memory for as long as the server runs.
 *
 * <p>In the foreground it runs until SIGINT (Ctrl-C, exit 130) or SIGTERM (exit 0), however it was
 * started: see {@link StopSignals}. With {@code --detach} it starts itself again as a child JVM in the
 * background, waits until that one listens, writes its pid and connection files (see
 * {@link BackgroundEmulators}), prints how to connect and returns; {@code ferry emulate stop} ends it.
 */
@Command(name = "emulate", subcommands = EmulateCommand.Stop.class, description = {
        "Runs a local server that speaks a store's wire protocol (aws, azure, vault, kubernetes), with a store in "
                + "memory, until Ctrl-C or SIGTERM; --detach runs it in the background until 'ferry emulate stop'.",
        "Point runbooks and other tools at the endpoint it prints."})
final class EmulateCommand implements Callable<Integer> {

    /** The directory of background emulators' files, relative to the working directory. */
    static final String DEFAULT_DIR = ".ferry/emulate";
    /** How long --detach waits for the background emulator to listen; a JVM starts in seconds. */
    static final long START_WAIT_SECONDS = 120;
    /** How long {@code emulate stop} waits for an emulator to end after SIGTERM. */
    static final long STOP_WAIT_SECONDS = 60;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "STORE",
            description = "The store to emulate: ${COMPLETION-CANDIDATES}.", completionCandidates = EmulatorNames.class)
    private String store;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The port to listen on, on 127.0.0.1 (default: any free port).")
    private int port;

    @Option(names = "--seed", paramLabel = "FILE",
            description = "Secrets to put in the store before it serves: a JSON object of key: value, or "
                    + "key: {\"value\": ..., \"tags\": {...}}; for kubernetes a key is NAMESPACE/NAME.")
    private Path seed;

    @Option(names = "--detach", description = "Start in the background, wait until it listens, write its pid and "
            + "connection files (STORE.pid, STORE.env) under --dir, print how to connect and return.")
    private boolean detach;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
            description = "Where --detach keeps the pid, connection and log files (default: ${DEFAULT-VALUE}).")
    private Path dir;

    @Option(names = "--connection-file", paramLabel = "FILE", hidden = true,
            description = "Written once the server listens: what --detach waits for.")
    private Path connectionFile;

    @Option(names = "--latency", paramLabel = "DURATION", description = "Added to every answer, such as 20ms.")
    private String latency;

    @Option(names = "--jitter", paramLabel = "DURATION", description = "Up to this much more latency, at random.")
    private String jitter;

    @Option(names = "--fault", paramLabel = "KIND",
            description = "The fault to inject: server-error, drop-connection or timeout (default: server-error).")
    private String fault;

    @Option(names = "--fault-rate", paramLabel = "FRACTION", description = "The fraction of requests that get the fault.")
    private String faultRate;

    @Option(names = "--quota-read", paramLabel = "PER_SECOND", description = "Reads a second before throttling.")
    private String quotaRead;

    @Option(names = "--quota-write", paramLabel = "PER_SECOND", description = "Writes a second before throttling.")
    private String quotaWrite;

    @Option(names = "--quota-list", paramLabel = "PER_SECOND", description = "Listings a second before throttling.")
    private String quotaList;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger(ExitCode.SUCCESS.code());

    @Override
    public Integer call() throws InterruptedException {
        if (store == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'STORE' (one of "
                    + String.join(", ", names()) + ", or stop)");
        }
        Emulator emulator = emulator(spec, store);
        ServerKnobs knobs;
        try {
            knobs = ServerKnobs.parse(knobs());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<SeedSecret> secrets = seed == null ? List.of() : readSeed();
        return detach ? startInBackground() : serve(emulator, knobs, secrets);
    }

    private List<SeedSecret> readSeed() {
        try {
            return SeedFile.read(main.host().resolve(seed));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int serve(Emulator emulator, ServerKnobs knobs, List<SeedSecret> secrets) throws InterruptedException {
        WireServer server = emulator.create(knobs);
        try {
            server.start(port);
        } catch (UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            emulator.seed(server, secrets);
        } catch (IllegalArgumentException e) {
            server.close();
            throw new ParameterException(spec.commandLine(), "seed file " + main.host().resolve(seed) + ": "
                    + e.getMessage());
        }
        StopSignals.install(() -> stop(ExitCode.INTERRUPTED.code()), () -> stop(ExitCode.SUCCESS.code()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ferry-emulate-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(emulator.name() + " emulator listening at " + server.endpoint() + " (Ctrl-C or SIGTERM stops it; "
                + "the store is in memory and goes with it)");
        if (!secrets.isEmpty()) {
            out.println("  seeded:       " + secrets.size() + " secret" + (secrets.size() == 1 ? "" : "s") + " from "
                    + main.host().resolve(seed));
        }
        for (String line : emulator.connectionHints(server)) {
            out.println("  " + line);
        }
        out.flush();
        if (connectionFile != null) {
            // last: --detach takes this file for the sign that the server listens and has said so
            OwnerOnlyFiles.write(main.host().resolve(connectionFile),
                    BackgroundEmulators.connectionText(emulator.name(), emulator.environment(server), emulator.uri(server)));
        }
        stopped.await();
        server.close();
        out.println(emulator.name() + " emulator stopped");
        out.flush();
        return exitCode.get();
    }

    private void stop(int code) {
        exitCode.set(code);
        stopped.countDown();
    }

    /**
     * Starts this command again without --detach in a child JVM, its output in the log file, and waits
     * until it has written its connection file (it is listening) or has ended (it could not start).
     */
    private int startInBackground() throws InterruptedException {
        BackgroundEmulators files = new BackgroundEmulators(main.host().resolve(dir));
        if (files.running(store).isPresent()) {
            throw new ParameterException(spec.commandLine(), "a " + store + " emulator already runs in the background (pid "
                    + files.running(store).get().pid() + ", files in " + files.dir() + "); stop it with: ferry emulate stop "
                    + store);
        }
        files.remove(store);
        Path log = OwnerOnlyFiles.write(files.logFile(store), "");
        Process child;
        try {
            child = new ProcessBuilder(childCommand(files))
                    .directory(main.host().workingDirectory().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, "could not start a Java process for the " + store + " emulator ("
                    + e.getClass().getSimpleName() + "); check that " + javaCommand() + " can run");
        }
        Path connection = files.connectionFile(store);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_WAIT_SECONDS);
        while (!Files.isRegularFile(connection)) {
            if (child.waitFor(100, TimeUnit.MILLISECONDS)) {
                String said = read(log).strip();
                files.remove(store);
                spec.commandLine().getErr().println(said.isEmpty() ? "ferry: the " + store + " emulator ended at once "
                        + "with exit code " + child.exitValue() : said);
                spec.commandLine().getErr().flush();
                return child.exitValue() == 0 ? ExitCode.ENVIRONMENT.code() : child.exitValue();
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new FerryException(ExitCode.ENVIRONMENT, "the " + store + " emulator did not listen within "
                        + START_WAIT_SECONDS + " s (its output is in " + log + "); the machine may be overloaded, try again");
            }
        }
        files.writePid(store, child.pid());
        PrintWriter out = spec.commandLine().getOut();
        // line by line: the terminal writer escapes a line feed inside one printed text
        read(log).lines().forEach(out::println);
        out.println("  background:   pid " + child.pid() + ", pid file " + files.pidFile(store));
        out.println("  connection:   . " + connection + "   (exports " + String.join(", ", exported(connection)) + ")");
        out.println("  stop it with: ferry emulate stop " + store);
        out.flush();
        return ExitCode.SUCCESS.code();
    }

    private List<String> childCommand(BackgroundEmulators files) {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Dfile.encoding=UTF-8", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "emulate", store,
                "--port", String.valueOf(port), "--connection-file", files.connectionFile(store).toString()));
        if (seed != null) {
            command.add("--seed");
            command.add(main.host().resolve(seed).toString());
        }
        knobs().forEach((name, value) -> command.add("--" + name + "=" + value));
        return command;
    }

    private static List<String> exported(Path connection) {
        return read(connection).lines().filter(l -> l.startsWith("export "))
                .map(l -> l.substring("export ".length(), l.indexOf('='))).toList();
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private Map<String, String> knobs() {
        Map<String, String> options = new LinkedHashMap<>();
        put(options, "latency", latency);
        put(options, "jitter", jitter);
        put(options, "fault", fault);
        put(options, "fault-rate", faultRate);
        put(options, "quota-read", quotaRead);
        put(options, "quota-write", quotaWrite);
        put(options, "quota-list", quotaList);
        return options;
    }

    private static void put(Map<String, String> options, String name, String value) {
        if (value != null) {
            options.put(name, value);
        }
    }

    private static Emulator emulator(CommandSpec spec, String store) {
        return emulators().stream().filter(e -> e.name().equals(store)).findFirst()
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown store '" + store
                        + "' to emulate; choose one of " + String.join(", ", names())));
    }

    private static List<Emulator> emulators() {
        List<Emulator> found = new ArrayList<>();
        ServiceLoader.load(Emulator.class, EmulateCommand.class.getClassLoader()).forEach(found::add);
        return found;
    }

    private static List<String> names() {
        return emulators().stream().map(Emulator::name).sorted().toList();
    }

    /** The emulator names, for help and completion. */
    static final class EmulatorNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return names().iterator();
        }
    }

    /**
     * {@code ferry emulate stop [STORE]}: ends emulators that {@code --detach} started, with SIGTERM,
     * waits for them to end, and removes their pid, connection and log files.
     */
    @Command(name = "stop", description = {"Stops an emulator started with 'ferry emulate STORE --detach' (every one "
            + "started from this directory when no STORE is given): SIGTERM, then waits for it to end and removes its "
            + "pid, connection and log files."})
    static final class Stop implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @ParentCommand
        private EmulateCommand emulate;

        @Parameters(index = "0", arity = "0..1", paramLabel = "STORE", description = "The store whose emulator to stop.",
                completionCandidates = EmulatorNames.class)
        private String store;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
                description = "Where --detach keeps the pid files (default: ${DEFAULT-VALUE}).")
        private Path dir;

        @Override
        public Integer call() throws InterruptedException {
            BackgroundEmulators files = new BackgroundEmulators(emulate.main.host().resolve(dir));
            PrintWriter out = spec.commandLine().getOut();
            List<String> stores;
            if (store != null) {
                emulator(spec, store);
                stores = List.of(store);
            } else {
                stores = files.stores();
            }
            if (stores.isEmpty()) {
                out.println("no emulator runs in the background from " + files.dir());
            }
            for (String name : stores) {
                stop(files, name, out);
            }
            out.flush();
            return ExitCode.SUCCESS.code();
        }

        private void stop(BackgroundEmulators files, String name, PrintWriter out) throws InterruptedException {
            ProcessHandle process = files.running(name).orElse(null);
            if (process == null) {
                boolean stale = Files.isRegularFile(files.pidFile(name));
                files.remove(name);
                out.println("no " + name + " emulator runs in the background from " + files.dir()
                        + (stale ? " (removed the pid file of one that has ended)" : ""));
                return;
            }
            process.destroy();
            try {
                process.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
                out.println(name + " emulator (pid " + process.pid() + ") did not end within " + STOP_WAIT_SECONDS
                        + " s of SIGTERM; killed it");
            } catch (java.util.concurrent.ExecutionException e) {
                // onExit completes normally; nothing else can end it
            }
            files.remove(name);
            out.println("stopped the " + name + " emulator (pid " + process.pid() + ")");
        }
    }
}
