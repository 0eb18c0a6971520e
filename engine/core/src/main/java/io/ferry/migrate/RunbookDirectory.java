package io.ferry.migrate;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.runbook.RunbookChecksum;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runbooks and callbacks of one directory. Files are named as Flyway names migrations:
 * {@code V<version>__<description>.groovy} or {@code .jsh}, and {@code R__<description>.groovy} or
 * {@code .jsh}. Other files (a README, a {@code transforms/} directory) are left alone, but a
 * name that looks meant to be a runbook and is not quite one is an error, so it is not silently
 * skipped.
 *
 * @param directory the directory
 * @param runbooks the versioned runbooks in version order, then the repeatable ones by description
 * @param callbacks the callback scripts present
 */
public record RunbookDirectory(Path directory, List<ResolvedRunbook> runbooks, Map<Callback, Path> callbacks) {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__(.+)\\.(groovy|jsh)");
    private static final Pattern REPEATABLE = Pattern.compile("R__(.+)\\.(groovy|jsh)");
    private static final Pattern LOOKS_LIKE_ONE = Pattern.compile("[VR]([0-9_].*)?\\.(groovy|jsh)");

    /** Copies the lists. */
    public RunbookDirectory {
        runbooks = List.copyOf(runbooks);
        callbacks = Map.copyOf(callbacks);
    }

    /**
     * @param directory a directory of runbooks
     * @return what it holds
     * @throws FerryException (usage) naming every badly named file and every version used twice
     */
    public static RunbookDirectory scan(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new FerryException(ExitCode.USAGE, "runbook directory " + directory + " does not exist; "
                    + "give the directory that holds the V<version>__<description>.groovy files");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, "cannot list runbook directory " + directory + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        List<ResolvedRunbook> versioned = new ArrayList<>();
        List<ResolvedRunbook> repeatable = new ArrayList<>();
        Map<Callback, Path> callbacks = new EnumMap<>(Callback.class);
        Map<RunbookVersion, String> seen = new HashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            Matcher v = VERSIONED.matcher(name);
            Matcher r = REPEATABLE.matcher(name);
            if (v.matches()) {
                RunbookVersion version;
                try {
                    version = RunbookVersion.parse(v.group(1));
                } catch (IllegalArgumentException e) {
                    problems.add(name + ": " + e.getMessage() + "; rename it V<version>__<description>." + v.group(3));
                    continue;
                }
                String other = seen.putIfAbsent(version, name);
                if (other != null) {
                    problems.add(name + ": version " + version + " is also used by " + other + "; give each runbook its own version");
                    continue;
                }
                versioned.add(new ResolvedRunbook(RunbookType.VERSIONED, version, description(v.group(2)), name, file,
                        RunbookChecksum.of(file)));
            } else if (r.matches()) {
                repeatable.add(new ResolvedRunbook(RunbookType.REPEATABLE, null, description(r.group(1)), name, file,
                        RunbookChecksum.of(file)));
            } else if (Callback.ofFile(name).isPresent()) {
                callbacks.put(Callback.ofFile(name).get(), file);
            } else if (LOOKS_LIKE_ONE.matcher(name).matches()) {
                problems.add(name + ": not a runbook name; a versioned runbook is V<version>__<description>.groovy "
                        + "(two underscores), a repeatable one R__<description>.groovy");
            }
        }
        if (!problems.isEmpty()) {
            throw new FerryException(ExitCode.USAGE, "runbook directory " + directory + ": " + String.join("; ", problems));
        }
        versioned.sort(Comparator.comparing(ResolvedRunbook::version));
        repeatable.sort(Comparator.comparing(ResolvedRunbook::description));
        List<ResolvedRunbook> all = new ArrayList<>(versioned);
        all.addAll(repeatable);
        return new RunbookDirectory(directory, all, callbacks);
    }

    private static String description(String fromFileName) {
        return fromFileName.replace('_', ' ');
    }
}
