package io.ferry.provider.file;

import io.ferry.secret.SecretValue;
import java.util.Map;
import java.util.Objects;

/**
 * One secret as a file holds it: its key, its value, the content type its shape implies, the
 * attributes the format keeps (a Kubernetes Secret's type), and the line it starts on, for messages.
 *
 * @param key the key, as the format spells it (flattened, or {@code NAMESPACE/NAME/DATAKEY})
 * @param value the value
 * @param contentType the content type the shape implies, or null for plain text
 * @param attributes what else the format keeps about it, sorted; empty for most formats
 * @param line the line the entry starts on, 1-based; 0 for an entry not read from the file
 */
record Entry(String key, SecretValue value, String contentType, Map<String, String> attributes, int line) {

    /** Checks the fields and copies the attributes. */
    Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * @param key the key
     * @param value the value
     * @param line its line
     * @return a text entry without attributes
     */
    static Entry text(String key, String value, int line) {
        return new Entry(key, SecretValue.ofText(value), null, Map.of(), line);
    }
}
