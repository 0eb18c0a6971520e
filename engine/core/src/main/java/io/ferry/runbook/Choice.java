package io.ferry.runbook;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the lower-case DSL words of the option enums, with an error that lists the valid ones. */
final class Choice {

    private Choice() {
    }

    static <E extends Enum<E>> E of(Class<E> type, String option, String word) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(word)) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + " '" + word + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> "'" + e.name().toLowerCase(Locale.ROOT) + "'")
                .collect(Collectors.joining(", ")));
    }
}
