package io.ferry.migrate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The version of a versioned runbook: numbers separated by dots (or underscores in a file name),
 * compared number by number, so {@code 1 < 1.1 < 2 < 10}; missing parts count as zero, so
 * {@code 1} and {@code 1.0} are the same version.
 */
public final class RunbookVersion implements Comparable<RunbookVersion> {

    private static final Pattern SYNTAX = Pattern.compile("\\d+([._]\\d+)*");

    private final List<BigInteger> parts;
    private final String text;

    private RunbookVersion(List<BigInteger> parts, String text) {
        this.parts = parts;
        this.text = text;
    }

    /**
     * @param text such as {@code 1}, {@code 1.2}, {@code 2_1} or {@code 2026.11.21}
     * @return the version
     * @throws IllegalArgumentException when it is not numbers separated by dots or underscores
     */
    public static RunbookVersion parse(String text) {
        if (text == null || !SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("version '" + text + "' is not numbers separated by dots, such as 1, 1.1 or 2.0.3");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : text.split("[._]")) {
            parts.add(new BigInteger(part));
        }
        return new RunbookVersion(List.copyOf(parts), text.replace('_', '.'));
    }

    @Override
    public int compareTo(RunbookVersion other) {
        int n = Math.max(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < other.parts.size() ? other.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunbookVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int end = parts.size();
        while (end > 1 && parts.get(end - 1).signum() == 0) {
            end--;
        }
        return parts.subList(0, end).hashCode();
    }

    /** @return the version with dots, as written */
    @Override
    public String toString() {
        return text;
    }
}
