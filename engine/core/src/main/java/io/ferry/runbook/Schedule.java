package io.ferry.runbook;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a run may write: maintenance windows that open at the times a cron expression names and
 * stay open for a while ({@code schedule cron: '0 2 * * 0', window: '2h'}: every Sunday at 02:00,
 * for two hours), or one window that opens when the run starts ({@code ferry run --window 2h}). A
 * run stops at the end of the batch under way when its window closes, and continues in the next.
 *
 * <p>The cron expression has the five fields of a crontab line (minute, hour, day of month,
 * month, day of week) and is read in the time zone of the engine's clock.
 *
 * @param cron the expression as written, or null for a window that opens when the run starts
 * @param window how long each window stays open, more than zero
 */
public record Schedule(String cron, Duration window) {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Windows are looked for this far back: the longest window a runbook may give. */
    private static final Duration LONGEST_WINDOW = Duration.ofDays(7);

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException naming what is wrong and how to write it
     */
    public Schedule {
        Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative() || window.compareTo(LONGEST_WINDOW) > 0) {
            throw new IllegalArgumentException("window '" + format(window) + "' is out of range; give a duration above 0 and at most 7d,"
                    + " for example window: '2h'");
        }
        if (cron != null) {
            cron = cron.strip();
            parse(cron);
        }
    }

    /**
     * @param cron a five-field cron expression, for example {@code 0 2 * * 0}
     * @param window how long each window stays open, for example {@code 2h}
     * @return the schedule
     * @throws IllegalArgumentException when either cannot be read, saying how to write it
     */
    public static Schedule of(String cron, String window) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("a schedule needs a cron expression: schedule cron: '0 2 * * 0', window: '2h'");
        }
        if (window == null || window.isBlank()) {
            throw new IllegalArgumentException("schedule cron: '" + cron + "' needs a window: how long each one stays open,"
                    + " for example window: '2h'");
        }
        return new Schedule(cron, Monitoring.parseDuration(window, "window"));
    }

    /**
     * @param window how long the window stays open
     * @return one window that opens when the run starts
     */
    public static Schedule adHoc(Duration window) {
        return new Schedule(null, window);
    }

    /** @return whether windows recur at the times a cron expression names */
    public boolean recurring() {
        return cron != null;
    }

    /**
     * @param now a moment
     * @param zone the zone the cron expression is read in
     * @return when the window open at that moment closes, or empty when none is open; a window that
     *     opens when the run starts is open from that moment
     */
    public Optional<Instant> closesAfter(Instant now, ZoneId zone) {
        if (cron == null) {
            return Optional.of(now.plus(window));
        }
        ExecutionTime times = ExecutionTime.forCron(parse(cron));
        ZonedDateTime at = now.atZone(zone);
        // The latest opening at or before now; an opening exactly now counts.
        Optional<ZonedDateTime> opened = times.isMatch(at.withNano(0)) && at.getSecond() == 0
                ? Optional.of(at.withNano(0)) : times.lastExecution(at);
        return opened.map(o -> o.toInstant().plus(window)).filter(end -> end.isAfter(now));
    }

    /**
     * @param now a moment
     * @param zone the zone the cron expression is read in
     * @param count how many
     * @return the next windows' openings after that moment, earliest first; empty for a window that
     *     opens when the run starts
     */
    public List<Instant> nextOpenings(Instant now, ZoneId zone, int count) {
        List<Instant> openings = new ArrayList<>();
        if (cron == null) {
            return openings;
        }
        ExecutionTime times = ExecutionTime.forCron(parse(cron));
        ZonedDateTime at = now.atZone(zone);
        while (openings.size() < count) {
            Optional<ZonedDateTime> next = times.nextExecution(at);
            if (next.isEmpty()) {
                break;
            }
            openings.add(next.get().toInstant());
            at = next.get();
        }
        return openings;
    }

    /**
     * @param now a moment
     * @param zone the zone the cron expression is read in
     * @return the next window's opening after that moment, or empty when the expression names none
     *     or windows open only when a run starts
     */
    public Optional<Instant> nextOpening(Instant now, ZoneId zone) {
        List<Instant> next = nextOpenings(now, zone, 1);
        return next.isEmpty() ? Optional.empty() : Optional.of(next.get(0));
    }

    /** @return the window's length as runbooks write it: {@code 2h}, {@code 90m} */
    public String windowText() {
        return format(window);
    }

    /** @return how the schedule reads in a runbook: {@code cron '0 2 * * 0', window 2h} */
    public String describe() {
        return cron == null ? "a window of " + windowText() + " from the start of the run"
                : "cron '" + cron + "', window " + windowText();
    }

    private static Cron parse(String cron) {
        try {
            return PARSER.parse(cron).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron expression '" + cron + "' cannot be read (" + firstLine(e.getMessage())
                    + "); give five fields, minute hour day-of-month month day-of-week, for example '0 2 * * 0' for Sundays at 02:00");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "malformed" : message.lines().findFirst().orElse("malformed").strip();
    }

    private static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        if (d.toMillis() % 86_400_000 == 0) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
