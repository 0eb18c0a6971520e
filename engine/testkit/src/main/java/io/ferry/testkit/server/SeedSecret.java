package io.ferry.testkit.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * One secret of a {@link SeedFile}, to be put into an emulator's store before it serves: a key, a
 * value that is either text or an object of named text fields, and tags. Each emulator keeps it as
 * the store's own tools would (see {@link Emulator#seed}).
 *
 * @param key the key, in the emulator's terms (a secret name, a KV path, {@code NAMESPACE/NAME})
 * @param text the value when it is text, else null
 * @param fields the value's fields when it is an object, else null
 * @param tags the tags, possibly none
 */
public record SeedSecret(String key, String text, Map<String, String> fields, Map<String, String> tags) {

    /** Checks that the value is exactly one of text and fields, and copies the maps. */
    public SeedSecret {
        if ((text == null) == (fields == null)) {
            throw new IllegalArgumentException("a seed secret holds either text or fields, for key '" + key + "'");
        }
        fields = fields == null ? null : Map.copyOf(new TreeMap<>(fields));
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** @return whether the value is an object of fields */
    public boolean hasFields() {
        return fields != null;
    }

    /** @return the fields in name order, or the text under the single field {@code value} */
    public Map<String, String> fieldsOrValue() {
        return fields != null ? new TreeMap<>(fields) : new TreeMap<>(Map.of("value", text));
    }

    /** @return the text, or the fields as a compact JSON object in name order */
    public String textOrJson() {
        if (text != null) {
            return text;
        }
        return SeedFile.json(new TreeMap<>(fields));
    }
}
