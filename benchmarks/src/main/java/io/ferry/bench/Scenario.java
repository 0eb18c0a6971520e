package io.ferry.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.api.Ferry;
import io.ferry.api.RunResult;
import io.ferry.interop.StoreFixture;
import io.ferry.run.ProgressListener;
import io.ferry.runbook.Execution;
import io.ferry.runbook.OnError;
import io.ferry.runbook.Runbook;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.pacing.RateLimiter;
import io.ferry.state.RunStatus;
import io.ferry.support.PostgresServer;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.ServerStats;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One benchmark scenario, run in a JVM of its own so that its heap limit and warm-up are its own.
 * Prints one line {@code RESULT {json}} with the figures.
 */
public final class Scenario {

    private static final String PASSPHRASE = "benchmark passphrase";
    /** The state store of a run on SQLite, relative to its working directory: Ferry's default. */
    private static final String SQLITE_STATE = ".ferry/state.db";

    private Scenario() {
    }

    /**
     * @param args scenario name, record count, working directory
     * @throws Exception when the scenario fails
     */
    public static void main(String[] args) throws Exception {
        String name = args[0];
        int records = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        Files.createDirectories(dir);
        HeapWatch heap = HeapWatch.begin();
        Map<String, Object> figures = switch (name) {
            case "memory-baseline" -> baseline(dir, records);
            case "memory-groovy" -> engineRun(dir, records, "memory:bench-src", "memory:bench-dst", true, true);
            case "local-local" -> engineRun(dir, records, "local:src.db", "local:dst.db", false, true);
            case "state-memory-sqlite", "state-memory-postgresql", "state-local-sqlite", "state-local-postgresql" ->
                    stateRun(dir, records, name);
            case "million" -> engineRun(dir, records, "synthetic:" + records, "sink:", true, false);
            case "transform-chain" -> transformChain(records);
            case "repl-print" -> ReplPrinting.run(dir, records);
            case "provider-aws", "provider-azure", "provider-vault", "provider-kubernetes" ->
                    providerRun(dir, name.substring("provider-".length()), records, Capacity.NONE);
            case "provider-vault-capacity", "provider-kubernetes-capacity" ->
                    providerRun(dir, storeOf(name), records, Capacity.FIXED);
            case "provider-vault-halving", "provider-kubernetes-halving" ->
                    providerRun(dir, storeOf(name), records, Capacity.HALVING);
            default -> throw new IllegalArgumentException("unknown scenario '" + name
                    + "'; known: memory-baseline, memory-groovy, local-local, million, transform-chain, repl-print, state-memory-sqlite, "
                    + "state-memory-postgresql, state-local-sqlite, state-local-postgresql, provider-aws, "
                    + "provider-azure, provider-vault, provider-kubernetes, provider-vault-capacity, provider-kubernetes-capacity, "
                    + "provider-vault-halving, provider-kubernetes-halving");
        };
        figures.put("peakHeapMiB", heap.end() / (1024.0 * 1024.0));
        figures.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(figures));
    }

    private static Ferry engine(Path dir, ProgressListener progress) {
        return engine(dir, progress, SQLITE_STATE);
    }

    private static Ferry engine(Path dir, ProgressListener progress, String state) {
        return Ferry.configure().workingDirectory(dir).state(state).journalKeyFile(dir.resolve("journal.key"))
                .providerContext(new ProviderContext(dir, Map.of("FERRY_LOCAL_PASSPHRASE", PASSPHRASE),
                        ProviderContext.PassphraseSource.none()))
                .progress(progress).actor("bench").load();
    }

    private static void seed(SecretProvider source, int records) {
        for (int i = 0; i < records; i++) {
            source.write(SecretRecord.builder(SyntheticProviderFactory.key(i)).value(SyntheticProviderFactory.value(i))
                    .tag("team", "bench").build(), WriteCondition.upsert(), WriteOptions.none());
        }
    }

    /** The floor: a plain sequential loop through the same memory stores, with no engine. */
    private static Map<String, Object> baseline(Path dir, int records) {
        Map<String, Object> figures = new LinkedHashMap<>();
        try (Ferry ferry = engine(dir, ProgressListener.NONE);
             SecretProvider source = ferry.open("memory:base-src");
             SecretProvider target = ferry.open("memory:base-dst")) {
            seed(source, records);
            long start = System.nanoTime();
            long copied = 0;
            try (Stream<SecretSummary> listing = source.stream("", 1000)) {
                Iterator<SecretSummary> it = listing.iterator();
                while (it.hasNext()) {
                    SecretRecord rec = source.read(it.next().key()).orElseThrow();
                    target.write(rec, WriteCondition.upsert(), WriteOptions.none());
                    copied++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            figures.put("records", copied);
            figures.put("seconds", seconds);
            figures.put("recordsPerSecond", copied / seconds);
        }
        return figures;
    }

    /** The five named transforms of a typical runbook, applied to each record in turn, without a run around them. */
    static final List<String[]> CHAIN = List.of(
            new String[] {"prefix", "strip", "bench/", "add", "app/"},
            new String[] {"rename", "from", "key-", "to", "secret-"},
            new String[] {"trim"},
            new String[] {"tags", "set", "migrated=yes"},
            new String[] {"content-type", "set", "text/plain"});

    private static Map<String, Object> transformChain(int records) {
        TransformRegistry registry = TransformRegistry.load();
        List<Transform> chain = new ArrayList<>();
        for (String[] t : CHAIN) {
            Map<String, Object> args = new LinkedHashMap<>();
            for (int i = 1; i + 1 < t.length; i += 2) {
                args.put(t[i], t[i + 1].contains("=") ? Map.of(t[i + 1].split("=")[0], t[i + 1].split("=")[1]) : t[i + 1]);
            }
            chain.add(registry.create(t[0], args));
        }
        TransformContext context = new TransformContext() {
            @Override
            public String sourceKey() {
                return "bench";
            }

            @Override
            public void flag(String reason) {
            }

            @Override
            public void skip(String reason) {
            }

            @Override
            public void log(String message) {
            }
        };
        long checksum = 0;
        long start = 0;
        // The first tenth warms the JIT and is not timed.
        int warmup = records / 10;
        for (int i = 0; i < records + warmup; i++) {
            if (i == warmup) {
                start = System.nanoTime();
            }
            List<SecretRecord> current = List.of(SecretRecord.builder(SyntheticProviderFactory.key(i))
                    .value(SyntheticProviderFactory.value(i)).tag("team", "bench").build());
            for (Transform t : chain) {
                List<SecretRecord> next = new ArrayList<>(1);
                for (SecretRecord r : current) {
                    next.addAll(t.apply(r, context));
                }
                current = next;
            }
            checksum += current.get(0).key().length();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (checksum == 0) {
            throw new IllegalStateException("the chain produced no keys");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("records", records);
        figures.put("seconds", seconds);
        figures.put("recordsPerSecond", records / seconds);
        return figures;
    }

    /** Records written one at a time by the sequential loop: enough for a steady rate at 20 ms a call. */
    private static final int SEQUENTIAL_RECORDS = 150;
    /** Write calls a second a server with a capacity admits, past which it throttles. */
    static final double CAPACITY = 400;

    /** What a store without a published quota admits in an adaptive-pacing scenario. */
    private enum Capacity {
        /** No limit: the adapter's pacing and the 16 writers are all that hold the run back. */
        NONE,
        /** {@link #CAPACITY} write calls a second throughout. */
        FIXED,
        /** {@link #CAPACITY} write calls a second until half the records are written, then half that. */
        HALVING
    }

    private static String storeOf(String scenario) {
        return scenario.substring("provider-".length(), scenario.lastIndexOf('-'));
    }

    /**
     * A store behind its wire server at 20 ms a call and its real write quota (PROVIDERS.md; none for
     * Vault and Kubernetes, which may instead be given a capacity): the engine's write rate, and a
     * plain sequential loop through the same adapter; with a capacity, the write calls a second the
     * server answered against what it admits, and how many it refused.
     */
    private static Map<String, Object> providerRun(Path dir, String store, int records, Capacity capacity) throws Exception {
        double quota = switch (store) {
            case "aws" -> 50;
            case "azure" -> 30;
            default -> capacity == Capacity.NONE ? 0 : CAPACITY;
        };
        ServerKnobs knobs = new ServerKnobs().latency(Duration.ofMillis(20), Duration.ZERO);
        if (quota > 0) {
            knobs.quota(RateLimiter.Operation.WRITE, quota);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        try (StoreFixture fixture = StoreFixture.start(store, dir, knobs)) {
            ServerStats stats = fixture.server().stats();
            StageClock clock = new StageClock();
            HalfWay halfWay = new HalfWay(records, capacity == Capacity.HALVING
                    ? () -> knobs.quota(RateLimiter.Operation.WRITE, CAPACITY / 2) : () -> { }, stats);
            Map<String, String> environment = new LinkedHashMap<>(fixture.environment());
            try (Ferry ferry = Ferry.configure().workingDirectory(dir).journalKeyFile(dir.resolve("journal.key"))
                    .providerContext(new ProviderContext(dir, environment, ProviderContext.PassphraseSource.none()))
                    .progress(new Both(clock, halfWay)).actor("bench").load()) {
                String source = "memory:provider-src";
                try (SecretProvider src = ferry.open(source)) {
                    // Names every store accepts as they are: no slashes (Azure), lower case (Kubernetes).
                    for (int i = 0; i < records; i++) {
                        src.write(SecretRecord.builder(String.format(Locale.ROOT, "secret-%06d", i))
                                .value(SyntheticProviderFactory.value(i)).tag("team", "bench").build(),
                                WriteCondition.upsert(), WriteOptions.none());
                    }
                }
                long writesBefore = stats.answered(RateLimiter.Operation.WRITE);
                long throttledBefore = stats.throttled();
                RunResult result = ferry.run(Runbook.builder().name("provider-" + store).source(source)
                        .target(fixture.uri()).execution(new Execution(16, 3, OnError.STOP, 200, 0)).build());
                if (result.status() != RunStatus.SUCCEEDED) {
                    throw new IllegalStateException("benchmark run did not succeed: " + result.status() + " " + result.error());
                }
                double executionSeconds = clock.seconds.get("execution");
                figures.put("records", records);
                figures.put("seconds", executionSeconds);
                figures.put("recordsPerSecond", records / executionSeconds);
                figures.put("stageSeconds", clock.seconds);
                figures.put("quota", quota);
                if (capacity != Capacity.NONE) {
                    // Validation reads back after the execution stage; only the writes of that stage count.
                    long writes = halfWay.writesAtEnd - writesBefore;
                    figures.put("capacity", CAPACITY);
                    figures.put("writeCalls", writes);
                    figures.put("throttledCalls", stats.throttled() - throttledBefore);
                    figures.put("writeCallsPerSecond", writes / executionSeconds);
                    if (capacity == Capacity.HALVING) {
                        double after = (halfWay.writesAtEnd - halfWay.writesThen) / ((halfWay.nanosAtEnd - halfWay.nanosThen) / 1e9);
                        figures.put("writeCallsPerSecondAfterHalving", after);
                    }
                }
                figures.put("sequentialPerSecond", sequentialWrites(ferry, source, fixture.uri()));
            }
        }
        return figures;
    }

    /** Tells two listeners the same. */
    private record Both(ProgressListener first, ProgressListener second) implements ProgressListener {
        @Override
        public void started(String stage, long total) {
            first.started(stage, total);
            second.started(stage, total);
        }

        @Override
        public void progress(String stage, long done, long total) {
            first.progress(stage, done, total);
            second.progress(stage, done, total);
        }

        @Override
        public void finished(String stage, long done) {
            first.finished(stage, done);
            second.finished(stage, done);
        }
    }

    /**
     * Acts once when the execution stage has written half the records, and notes when that was and
     * when the stage ended, with the write calls the server had answered by each.
     */
    private static final class HalfWay implements ProgressListener {
        private final long records;
        private final Runnable action;
        private final ServerStats stats;
        private volatile boolean done;
        private volatile long nanosThen;
        private volatile long writesThen;
        private volatile long nanosAtEnd;
        private volatile long writesAtEnd;

        HalfWay(long records, Runnable action, ServerStats stats) {
            this.records = records;
            this.action = action;
            this.stats = stats;
        }

        @Override
        public void progress(String stage, long written, long total) {
            if (!done && stage.equals("execution") && written * 2 >= records) {
                done = true;
                action.run();
                nanosThen = System.nanoTime();
                writesThen = stats.answered(RateLimiter.Operation.WRITE);
            }
        }

        @Override
        public void finished(String stage, long written) {
            if (stage.equals("execution")) {
                nanosAtEnd = System.nanoTime();
                writesAtEnd = stats.answered(RateLimiter.Operation.WRITE);
            }
        }
    }

    /** A plain loop: read one record from the source, write it to the store, next. */
    private static double sequentialWrites(Ferry ferry, String source, String targetUri) {
        try (SecretProvider src = ferry.open(source); SecretProvider target = ferry.open(targetUri);
             Stream<SecretSummary> listing = src.stream("", 1000)) {
            Iterator<SecretSummary> it = listing.limit(SEQUENTIAL_RECORDS).iterator();
            long start = System.nanoTime();
            int written = 0;
            while (it.hasNext()) {
                SecretRecord rec = src.read(it.next().key()).orElseThrow();
                target.write(rec, WriteCondition.createOnly(), WriteOptions.none());
                written++;
            }
            return written / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The memory-groovy or local-local run with its state store, and so its journal, in SQLite or on
     * the PostgreSQL server the parent JVM started (whose port {@link PostgresServer#get()} finds in a
     * system property), in a database of its own.
     */
    private static Map<String, Object> stateRun(Path dir, int records, String name) throws Exception {
        String state = SQLITE_STATE;
        if (name.endsWith("-postgresql")) {
            PostgresServer server = PostgresServer.get();
            String database = "bench_" + dir.getFileName().toString().replaceAll("[^A-Za-z0-9]", "_");
            server.createDatabase(database);
            state = "postgresql://postgres@127.0.0.1:" + server.getPort() + "/" + database;
        }
        return name.startsWith("state-memory")
                ? engineRun(dir, records, "memory:bench-src", "memory:bench-dst", true, true, state)
                : engineRun(dir, records, "local:src.db", "local:dst.db", false, true, state);
    }

    private static Map<String, Object> engineRun(Path dir, int records, String source, String target, boolean groovy,
                                                 boolean seedSource) throws Exception {
        return engineRun(dir, records, source, target, groovy, seedSource, SQLITE_STATE);
    }

    private static Map<String, Object> engineRun(Path dir, int records, String source, String target, boolean groovy,
                                                 boolean seedSource, String state) throws Exception {
        StageClock clock = new StageClock();
        Map<String, Object> figures = new LinkedHashMap<>();
        try (Ferry ferry = engine(dir, clock, state)) {
            if (seedSource) {
                try (SecretProvider src = ferry.open(source)) {
                    seed(src, records);
                }
            }
            Path runbook = dir.resolve("V1__bench.groovy");
            Files.writeString(runbook, """
                    runbook {
                        description 'benchmark'
                        source '%s'
                        target '%s'
                        discovery { pageSize 1000; batchSize 500 }
                        %s
                        execution { concurrency 2; batchSize 1000 }
                    }
                    """.formatted(source, target, groovy ? "transform { rec -> rec.tags.bench = 'yes' }" : ""));
            long start = System.nanoTime();
            RunResult result = ferry.run(ferry.load(runbook));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (result.status() != RunStatus.SUCCEEDED || result.validation().matched() != records) {
                throw new IllegalStateException("benchmark run did not succeed: " + result.status() + " " + result.error());
            }
            figures.put("records", records);
            figures.put("seconds", seconds);
            figures.put("recordsPerSecond", records / seconds);
            figures.put("stageSeconds", clock.seconds);
        }
        return figures;
    }

    /** Times each stage from the engine's progress events. */
    private static final class StageClock implements ProgressListener {
        private final Map<String, Long> started = new LinkedHashMap<>();
        private final Map<String, Double> seconds = new LinkedHashMap<>();

        @Override
        public void started(String stage, long total) {
            started.put(stage, System.nanoTime());
        }

        @Override
        public void finished(String stage, long done) {
            seconds.put(stage, (System.nanoTime() - started.get(stage)) / 1e9);
        }
    }

    /** Samples the used heap every 20 ms and keeps the largest figure. */
    private static final class HeapWatch implements Runnable {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;

        static HeapWatch begin() {
            HeapWatch w = new HeapWatch();
            Thread t = new Thread(w, "heap-watch");
            t.setDaemon(true);
            t.start();
            return w;
        }

        @Override
        public void run() {
            Runtime rt = Runtime.getRuntime();
            while (running) {
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long end() {
            running = false;
            return peak.get();
        }
    }
}
