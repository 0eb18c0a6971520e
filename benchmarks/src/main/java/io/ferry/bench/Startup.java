package io.ferry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How long {@code ferry} takes to start: {@code --version} and {@code --help} to their exit, and
 * {@code ferry repl} to its first prompt in a real terminal (tmux), each run several times in a
 * fresh process, through the checkout's launcher (with its class-data sharing archive) and as
 * {@code java -jar} on the jar alone. Each run gives its wall-clock time and the CPU time of its
 * processes (user and system, every thread); the section written to BENCHMARKS.md quotes medians.
 */
final class Startup {

    static final String BEGIN = "<!-- startup:begin -->";
    static final String END = "<!-- startup:end -->";
    /** The shell's prompt, which the pane shows once the shell reads its first line. */
    private static final String PROMPT = "ferry> ";
    /** Only a bound against a hang: a prompt comes within seconds even on a busy machine. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /** The kernel's clock ticks a second (USER_HZ), which /proc counts CPU time in. */
    private static final long TICKS_PER_SECOND = 100;
    /** The fields of /proc/PID/stat: user and system time, and those of the children waited for. */
    private static final int UTIME = 14;
    private static final int STIME = 15;
    private static final int CUTIME = 16;
    private static final int CSTIME = 17;

    private final Path root;
    private final Path jar;
    private final Path work;
    private final int runs;

    /**
     * @param root the checkout, whose {@code ./ferry} and {@code repl/target/ferry.jar} are measured
     * @param jar the jar measured on its own
     * @param work a directory of its own: the launcher's cache, the shell's history, tmux's socket
     * @param runs how many times each measure is taken
     */
    Startup(Path root, Path jar, Path work, int runs) {
        this.root = root;
        this.jar = jar;
        this.work = work;
        this.runs = runs;
    }

    /** One way of starting ferry: the words before its arguments. */
    private record Way(String name, List<String> command) {
    }

    /** One measure taken several times. */
    private record Measure(String what, Way way, List<Long> wallMillis, List<Long> cpuMillis) {
    }

    /**
     * Takes every measure, the launcher's after it has made its archive.
     *
     * @return the section for BENCHMARKS.md
     */
    String measure() throws IOException, InterruptedException {
        Files.createDirectories(work);
        Way launcher = new Way("`./ferry`", List.of(root.resolve("ferry").toString()));
        Way bare = new Way("`java -jar ferry.jar`", List.of("java", "-Dfile.encoding=UTF-8", "-jar", jar.toString()));
        awaitArchive(launcher);
        List<Measure> measures = new ArrayList<>();
        for (Way way : List.of(launcher, bare)) {
            measures.add(exits(way, "--version"));
            measures.add(exits(way, "--help"));
            measures.add(firstPrompt(way));
        }
        return report(measures);
    }

    /** Runs the launcher until its archive is there, so that the runs measured map it. */
    private void awaitArchive(Way launcher) throws IOException, InterruptedException {
        Path archives = work.resolve("cache/ferry/cds");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!hasArchive(archives)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the launcher made no archive in " + archives + " within " + PATIENCE);
            }
            run(launcher, "--version");
            Thread.sleep(1000);
        }
    }

    private static boolean hasArchive(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"));
        }
    }

    private Measure exits(Way way, String argument) throws IOException, InterruptedException {
        List<Long> wall = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long[] figures = run(way, argument);
            wall.add(figures[0]);
            cpu.add(figures[1]);
        }
        System.out.printf(Locale.ROOT, "startup %s %s: wall %s ms, CPU %s ms%n", way.name(), argument, wall, cpu);
        return new Measure("`" + argument + "`, to its exit", way, wall, cpu);
    }

    /**
     * @return the wall-clock milliseconds from start to exit, and the CPU milliseconds of the
     *     process and of what it waited for (the launcher's own helpers), which this process
     *     gains as its children's once it has waited for it
     */
    private long[] run(Way way, String argument) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(way.command());
        command.add(argument);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("XDG_CACHE_HOME", work.resolve("cache").toString());
        long childrenBefore = childrenCpuTicks();
        long start = System.nanoTime();
        Process process = builder.start();
        int code = process.waitFor();
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
        }
        return new long[] {wall, (childrenCpuTicks() - childrenBefore) * 1000 / TICKS_PER_SECOND};
    }

    /** @return the user and system time of the children this process has waited for, in clock ticks */
    private static long childrenCpuTicks() throws IOException {
        String[] fields = stat(Path.of("/proc/self/stat"));
        return Long.parseLong(fields[CUTIME]) + Long.parseLong(fields[CSTIME]);
    }

    /**
     * @return the fields of a /proc stat file, numbered as proc(5) numbers them from 1 (index 0 and
     *     the command name, which may hold spaces, stand empty)
     */
    private static String[] stat(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        return ("- - - " + text.substring(text.lastIndexOf(')') + 2)).split(" ");
    }

    /**
     * Starts the shell in a new tmux session of its own and polls the pane until the prompt shows.
     * The wall-clock time includes tmux starting the session, so it errs on the slow side; the CPU
     * time is the shell's process's own (the launcher execs java in the pane's process).
     */
    private Measure firstPrompt(Way way) throws IOException, InterruptedException {
        List<Long> wall = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // A server of its own for each run: one whose last session was just killed may still be
            // exiting when the next session asks for it.
            String socket = "ferry-startup-" + ProcessHandle.current().pid() + "-" + i;
            String shell = "XDG_CACHE_HOME='" + work.resolve("cache") + "' FERRY_REPL_HISTORY='" + work.resolve("history")
                    + "' exec " + String.join(" ", way.command().stream().map(w -> "'" + w + "'").toList()) + " repl";
            try {
                long start = System.nanoTime();
                tmux(socket, "new-session", "-d", "-s", "startup", "-x", "120", "-y", "30", "-c", work.toString(), shell);
                long deadline = start + PATIENCE.toNanos();
                while (!tmux(socket, "capture-pane", "-p", "-t", "startup").lines().anyMatch(l -> l.startsWith(PROMPT.strip()))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no prompt from " + shell + " within " + PATIENCE);
                    }
                    Thread.sleep(10);
                }
                wall.add((System.nanoTime() - start) / 1_000_000);
                String pid = tmux(socket, "display-message", "-p", "-t", "startup", "#{pane_pid}").strip();
                String[] fields = stat(Path.of("/proc", pid, "stat"));
                long ticks = Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME]) + Long.parseLong(fields[CUTIME])
                        + Long.parseLong(fields[CSTIME]);
                cpu.add(ticks * 1000 / TICKS_PER_SECOND);
            } finally {
                new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
        }
        System.out.printf(Locale.ROOT, "startup %s repl: wall %s ms, CPU %s ms%n", way.name(), wall, cpu);
        return new Measure("`repl`, to its first prompt in tmux", way, wall, cpu);
    }

    private static String tmux(String socket, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private String report(List<Measure> measures) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append('\n');
        md.append("## Start-up\n\n");
        md.append("Command: `").append(Benchmarks.COMMAND).append(" -Dbench.only=startup`. Measured ").append(LocalDate.now())
                .append(" on ").append(Benchmarks.machine()).append("; load average (1, 5, 15 min) ")
                .append(String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3)))
                .append(" when it ended. Each run is a fresh process; `./ferry` maps the class-data sharing archive it made ")
                .append("on its first run, `java -jar` reads every class from the jar. The first prompt is the shell's `ferry> ` ")
                .append("in a tmux pane, polled every 10 ms from the start of the session. CPU time is user plus system time of ")
                .append("all the process's threads (and of the launcher's helpers).\n\n");
        md.append("| measure | started by | runs | median wall | median CPU | wall, all runs (ms) | CPU, all runs (ms) | aim (wall) |\n");
        md.append("|---|---|---:|---:|---:|---|---|---:|\n");
        for (Measure m : measures) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d ms | %d ms | %s | %s | %s |%n", m.what(), m.way().name(),
                    m.wallMillis().size(), median(m.wallMillis()), median(m.cpuMillis()), joined(m.wallMillis()),
                    joined(m.cpuMillis()), m.what().startsWith("`repl`") ? "1000 ms" : "400 ms"));
        }
        md.append('\n').append(END).append('\n');
        return md.toString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int half = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(half) : (sorted.get(half - 1) + sorted.get(half)) / 2;
    }

    private static String joined(List<Long> values) {
        return String.join(" ", values.stream().map(String::valueOf).toList());
    }
}
