package io.ferry.runbook;

import io.ferry.secret.SecretRecord;
import io.ferry.spi.ProviderException;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A store as a procedure step uses it: read, write and delete by key, in the runbook's own words,
 * so that a runbook needs no adapter types. A step gets one with {@code store('local:secrets.db')};
 * the store is closed when the run ends.
 *
 * <pre>{@code
 * step('store password') { ctx ->
 *     store('local:credentials.db').put("projects/${id}/password", get('password'), tags: [databaseUser: get('user')])
 * } undo { ctx ->
 *     store('local:credentials.db').delete("projects/${id}/password")
 * }
 * }</pre>
 */
public final class StepStore {

    private static final Set<String> PUT_OPTIONS = Set.of("tags", "contentType", "ifAbsent");

    private final SecretProvider provider;

    /** @param provider the opened store */
    public StepStore(SecretProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * @param key a key
     * @return the record, or null when the store has none under that key
     */
    public SecretRecord get(String key) {
        return provider.read(key).orElse(null);
    }

    /**
     * @param key a key
     * @return whether the store holds a record under that key
     */
    public boolean exists(String key) {
        return provider.read(key).isPresent();
    }

    /**
     * Writes a text value, replacing what the key held.
     *
     * @param key the key
     * @param value the value
     */
    public void put(String key, CharSequence value) {
        put(Map.of(), key, value);
    }

    /**
     * Writes a text value with options, as Groovy's named arguments:
     * {@code put(key, value, tags: [owner: 'team'], contentType: 'text/plain', ifAbsent: true)}.
     *
     * @param options {@code tags} (a map), {@code contentType}, and {@code ifAbsent} (write only when
     *     the key holds nothing; a record already there is then left alone)
     * @param key the key
     * @param value the value
     * @return whether the value was written: false only with {@code ifAbsent} when the key was taken
     * @throws IllegalArgumentException for an option this method does not know
     */
    public boolean put(Map<String, ?> options, String key, CharSequence value) {
        for (String name : options.keySet()) {
            if (!PUT_OPTIONS.contains(name)) {
                throw new IllegalArgumentException("put takes the options " + String.join(", ", PUT_OPTIONS.stream().sorted().toList())
                        + ", not '" + name + "'");
            }
        }
        SecretRecord.Builder record = SecretRecord.builder(key).text(value.toString());
        if (options.get("tags") instanceof Map<?, ?> tags) {
            Map<String, String> text = new LinkedHashMap<>();
            tags.forEach((k, v) -> text.put(String.valueOf(k), String.valueOf(v)));
            record.tags(text);
        }
        if (options.get("contentType") != null) {
            record.contentType(String.valueOf(options.get("contentType")));
        }
        boolean ifAbsent = Boolean.TRUE.equals(options.get("ifAbsent"));
        try {
            provider.write(record.build(), ifAbsent ? WriteCondition.createOnly() : WriteCondition.upsert(), WriteOptions.none());
            return true;
        } catch (ProviderException e) {
            if (ifAbsent && e.kind() == ProviderException.Kind.EXISTS) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes what the key holds; deleting a missing key is harmless, so an undo can run twice.
     *
     * @param key the key
     * @return whether there was a record to delete
     */
    public boolean delete(String key) {
        return provider.delete(key, null);
    }
}
