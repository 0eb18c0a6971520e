package io.ferry.internal;

import io.ferry.secret.SecretRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes a record's value from text that came from code the engine does not control (a user's
 * transform or hook, a store's error), before the text reaches a log, the journal or a terminal.
 */
public final class Redactor {

    /** Fragments shorter than this are too common to mask usefully ("1", "yes"). */
    private static final int MIN_FRAGMENT = 4;

    private Redactor() {
    }

    /**
     * @param text the message, possibly null
     * @param records the records whose values must not appear in it
     * @return the text with every occurrence of a value, or of a JSON field of one, replaced by {@code ***}
     */
    public static String scrub(String text, SecretRecord... records) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (SecretRecord record : records) {
            if (record == null) {
                continue;
            }
            for (String fragment : fragments(record)) {
                result = result.replace(fragment, "***");
            }
        }
        return result;
    }

    private static List<String> fragments(SecretRecord record) {
        List<String> fragments = new ArrayList<>();
        if (record.value().isUtf8()) {
            String whole = record.value().text();
            if (whole.length() >= MIN_FRAGMENT) {
                fragments.add(whole);
            }
            Map<String, Object> json = record.getJson();
            if (json != null) {
                json.values().forEach(v -> {
                    String s = String.valueOf(v);
                    if (s.length() >= MIN_FRAGMENT) {
                        fragments.add(s);
                    }
                });
            }
        }
        fragments.sort((a, b) -> b.length() - a.length());
        return fragments;
    }

    /**
     * @param e an exception from user or store code
     * @param records the records involved
     * @return its class and scrubbed message, in one line
     */
    public static String describe(Throwable e, SecretRecord... records) {
        String message = scrub(e.getMessage(), records);
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (line.isEmpty() ? "" : ": " + line);
    }
}
