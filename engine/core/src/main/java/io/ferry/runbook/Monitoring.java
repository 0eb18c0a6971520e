package io.ferry.runbook;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Options of the monitoring stage, which goes on after a run: keep the target in step with the
 * source (continuous sync), and compare the two on a schedule (shadow read) until cutover.
 *
 * @param syncEvery the wait between sync passes, or null when the runbook declares no sync
 * @param shadowRead the scheduled comparison, or null when the runbook declares none
 * @param minMatchRate the share of compared records that must match, in [0, 1]: the shadow-read
 *     gate, and the bar cutover waits for
 */
public record Monitoring(Duration syncEvery, ShadowRead shadowRead, double minMatchRate) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)|0");

    /**
     * The longest duration Ferry takes: ten years, far beyond any wait or schedule, and far below
     * what would overflow a clock reading (an {@link java.time.Instant} plus it, or it in nanoseconds).
     */
    public static final Duration MAX_DURATION = Duration.ofDays(3650);

    /**
     * A comparison of source and target on a schedule.
     *
     * @param every the wait between comparisons
     * @param during how long the comparisons go on; the window the match rate must hold for
     * @param sample the share of records compared each time, in (0, 1]
     */
    public record ShadowRead(Duration every, Duration during, double sample) {
        /** Checks the values. */
        public ShadowRead {
            Objects.requireNonNull(every, "every");
            Objects.requireNonNull(during, "during");
            if (every.isZero() || every.isNegative()) {
                throw new IllegalArgumentException("shadowRead every must be longer than 0");
            }
            if (during.compareTo(every) < 0) {
                throw new IllegalArgumentException("shadowRead during (" + format(during) + ") must be at least every ("
                        + format(every) + ")");
            }
            if (!(sample > 0 && sample <= 1)) {
                throw new IllegalArgumentException("shadowRead sample must be above 0 and at most 1, got " + sample);
            }
        }
    }

    /** Checks the values. */
    public Monitoring {
        if (syncEvery != null && (syncEvery.isZero() || syncEvery.isNegative())) {
            throw new IllegalArgumentException("sync every must be longer than 0");
        }
        if (!(minMatchRate >= 0 && minMatchRate <= 1)) {
            throw new IllegalArgumentException("minMatchRate must be between 0 and 1, got " + minMatchRate);
        }
    }

    /** @return no sync, no shadow read, every compared record must match */
    public static Monitoring none() {
        return new Monitoring(null, null, 1.0);
    }

    /**
     * The one parser of durations, for runbooks ({@code sync every}, {@code shadowRead}) and
     * command-line options ({@code --every}, {@code --wait}).
     *
     * @param text a duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or
     *     {@code 1d}, or {@code 0}; at most {@link #MAX_DURATION}
     * @param what what it is for, for the message
     * @return the duration
     * @throws IllegalArgumentException saying how to write one, or the range it must lie in
     */
    public static Duration parseDuration(String text, String what) {
        Matcher m = text == null ? null : DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a duration; write it as a whole number and a unit: "
                    + "500ms, 30s, 5m, 1h or 1d");
        }
        if (m.group(1) == null) {
            return Duration.ZERO;
        }
        ChronoUnit unit = switch (m.group(2)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
        String digits = m.group(1).replaceFirst("^0+(?=\\d)", "");
        long most = MAX_DURATION.dividedBy(unit.getDuration());
        // More digits than a long holds is out of range too, not a malformed number.
        if (digits.length() > String.valueOf(most).length() || Long.parseLong(digits) > most) {
            throw new IllegalArgumentException(what + " '" + text + "' is out of range; give a duration from 0 to "
                    + format(MAX_DURATION) + (unit == ChronoUnit.DAYS ? "" : " (" + most + m.group(2) + ")"));
        }
        return Duration.of(Long.parseLong(digits), unit);
    }

    /**
     * @param d a duration
     * @return it in the largest unit that divides it: {@code 5m}, {@code 90s}, {@code 1h}
     */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
