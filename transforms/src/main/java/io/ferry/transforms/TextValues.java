package io.ferry.transforms;

import io.ferry.secret.SecretRecord;

/** Reads a record's value as text for the text transforms, refusing binary values by key. */
final class TextValues {

    private TextValues() {
    }

    static String of(SecretRecord record, String transform) {
        if (!record.value().isUtf8()) {
            throw new IllegalArgumentException(transform + ": the value of " + record.key()
                    + " is binary, not UTF-8 text; filter binary secrets out before it");
        }
        return record.value().text();
    }
}
