package io.ferry.cli.terminal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

/** How a listing's cells read, the same in {@code ferry ls}, {@code ferry show} and the REPL's tables. */
public final class Cells {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Cells() {
    }

    /**
     * @param instant a moment, or null
     * @return it in UTC to the second, or {@code -}
     */
    public static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    /**
     * @param tags names and values, sorted
     * @return {@code name=value, ...}, or {@code -} when there are none
     */
    public static String tags(Map<String, String> tags) {
        return tags.isEmpty() ? "-" : tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
