package io.ferry.cli;

import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ferry emulate STORE}: runs one of the testkit's wire-faithful servers in the foreground, so
 * that a runbook can be rehearsed offline against the store's real protocol, with latency, faults
 * and quotas to see how it behaves when the store is slow, failing or throttling. The store lives in
 * memory until Ctrl-C.
 */
@Command(name = "emulate", description = {
        "Runs a local server that speaks a store's wire protocol (aws, azure, vault), with an empty store in "
                + "memory, until Ctrl-C.",
        "Point runbooks and other tools at the endpoint it prints."})
final class EmulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store to emulate: ${COMPLETION-CANDIDATES}.",
            completionCandidates = EmulatorNames.class)
    private String store;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The port to listen on, on 127.0.0.1 (default: any free port).")
    private int port;

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

    @Override
    public Integer call() throws InterruptedException {
        Emulator emulator = emulators().stream().filter(e -> e.name().equals(store)).findFirst()
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown store '" + store
                        + "' to emulate; choose one of " + String.join(", ", names())));
        ServerKnobs knobs;
        try {
            knobs = ServerKnobs.parse(knobs());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        WireServer server = emulator.create(knobs);
        try {
            server.start(port);
        } catch (UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ferry-emulate-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(emulator.name() + " emulator listening at " + server.endpoint() + " (Ctrl-C stops it; the store "
                + "is in memory and goes with it)");
        for (String line : emulator.connectionHints(server)) {
            out.println("  " + line);
        }
        out.flush();
        stopped.await();
        return 0;
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
}
