package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import java.util.Map;

/** Reads and writes the JSON fields of multi-field records for the JSON transforms. */
final class Fields {

    private Fields() {
    }

    /**
     * @return the record's fields, editable
     * @throws IllegalArgumentException naming the transform and the key when the value is not a JSON object
     */
    static Map<String, Object> of(SecretRecord record, String transform) {
        Map<String, Object> fields = SecretRecord.parseJsonObject(record.value());
        if (fields == null) {
            throw new IllegalArgumentException(transform + ": the value of " + record.key()
                    + " is not a JSON object; apply it only to multi-field secrets");
        }
        return fields;
    }

    static SecretRecord with(SecretRecord record, Map<String, Object> fields) {
        return record.toBuilder().value(SecretRecord.jsonValue(fields)).build();
    }
}
