package io.ferry.bench;

import io.ferry.cli.MainCommands;
import io.ferry.cli.host.Host;
import io.ferry.cli.repl.Repl;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.impl.DumbTerminal;

/**
 * The REPL printing a listing of as many rows as it has read values, in a session that has read
 * them and in a fresh one, alternately in the same JVM after a warm-up: the shell's output filter
 * should cost time in proportion to the text printed, not to the values seen.
 */
final class ReplPrinting {

    private static final String STORE = "memory:bench-repl";
    private static final Pattern ELAPSED = Pattern.compile("elapsed-ns (\\d+)");
    private static final int ROUNDS = 3;

    private ReplPrinting() {
    }

    static Map<String, Object> run(Path dir, int records) throws IOException {
        Host host = new Host(dir, Map.of("FERRY_JOURNAL_KEY_FILE", dir.resolve("journal.key").toString()),
                new ByteArrayInputStream(new byte[0]), Host.Terminal.none());
        try (SecretProvider store = ProviderRegistry.load().open(STORE, host.providerContext())) {
            for (int i = 0; i < records; i++) {
                store.write(SecretRecord.builder(SyntheticProviderFactory.key(i)).value(SyntheticProviderFactory.value(i)).build(),
                        WriteCondition.upsert(), WriteOptions.none());
            }
            listingSeconds(host, records, true);
            List<Double> fresh = new ArrayList<>();
            List<Double> afterReads = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                fresh.add(listingSeconds(host, records, false));
                afterReads.add(listingSeconds(host, records, true));
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("records", records);
            figures.put("freshSeconds", fresh);
            figures.put("afterReadsSeconds", afterReads);
            double seconds = median(afterReads);
            figures.put("seconds", seconds);
            figures.put("recordsPerSecond", records / seconds);
            figures.put("ratio", seconds / median(fresh));
            return figures;
        }
    }

    /** One shell: open the store, read every value or none, then time the listing from inside the line. */
    private static double listingSeconds(Host host, int records, boolean readFirst) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("s = open('" + STORE + "')");
        if (readFirst) {
            lines.add("n = 0; (0..<" + records + ").each { s.get(String.format('bench/key-%08d', it)); n++ }; n");
        }
        lines.add("t0 = System.nanoTime(); s.ls(); t1 = System.nanoTime(); println 'elapsed-ns ' + (t1 - t0)");
        ByteArrayInputStream input = new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (DumbTerminal terminal = new DumbTerminal("bench", "dumb", input, screen, StandardCharsets.UTF_8)) {
            new Repl(terminal, host.workingDirectory().resolve("history"), host,
                    new MainCommands(host, List.of("--state", host.workingDirectory().resolve("state.db").toString()))).run();
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        Matcher elapsed = ELAPSED.matcher(shown);
        if (!elapsed.find() || readFirst && !shown.contains(String.valueOf(records)) || !shown.contains(SyntheticProviderFactory.key(records - 1) + " ")) {
            throw new IllegalStateException("the shell did not list the " + records + " keys; it showed:\n"
                    + shown.substring(Math.max(0, shown.length() - 2000)));
        }
        return Long.parseLong(elapsed.group(1)) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
