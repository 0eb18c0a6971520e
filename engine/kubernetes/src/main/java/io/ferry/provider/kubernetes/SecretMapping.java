package io.ferry.provider.kubernetes;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps a Kubernetes Secret to a {@link SecretRecord} and back.
 *
 * <p>The value is the Secret's data, as {@link DataCodec} describes. The type becomes the attribute
 * {@value #TYPE} ({@value #OPAQUE} when absent), {@code immutable} the attribute {@value #IMMUTABLE},
 * each annotation the attribute {@code annotation.NAME}, labels the tags, {@code resourceVersion} the
 * version, {@code creationTimestamp} the creation time and the latest {@code managedFields} time the
 * update time. Ferry's own annotations ({@code ferry.io/...}) stay out of the record. Other attributes
 * (an AWS description, an Azure {@code enabled}) have no place in a Secret and are not written.
 */
final class SecretMapping {

    /** The attribute holding the Secret's type. */
    static final String TYPE = "type";
    /** The attribute holding whether the Secret is immutable. */
    static final String IMMUTABLE = "immutable";
    /** The prefix of attributes holding annotations. */
    static final String ANNOTATION = "annotation.";
    /** The type of a Secret with free-form data. */
    static final String OPAQUE = "Opaque";
    /** The annotation holding the idempotency token of the write that made the current content. */
    static final String WRITE_TOKEN = "ferry.io/write-token";
    /** The annotation saying that the write carrying {@link #WRITE_TOKEN} created the Secret. */
    static final String WRITE_CREATED = "ferry.io/write-created";

    private static final Set<String> OWN_ANNOTATIONS = Set.of(DataCodec.CONTENT_TYPE, DataCodec.KEY_ORDER, WRITE_TOKEN,
            WRITE_CREATED);

    private SecretMapping() {
    }

    /**
     * @param secret a Secret as the API server returned it
     * @param key the record's key (the name without the provider's prefix)
     * @return the record
     */
    static SecretRecord toRecord(Secret secret, String key) {
        ObjectMeta meta = secret.getMetadata();
        Map<String, String> annotations = orEmpty(meta.getAnnotations());
        DataCodec.Decoded decoded = DataCodec.decode(data(secret), annotations);
        SecretRecord.Builder record = SecretRecord.builder(key)
                .value(decoded.value())
                .contentType(decoded.contentType())
                .tags(orEmpty(meta.getLabels()))
                .attribute(TYPE, secret.getType() == null || secret.getType().isEmpty() ? OPAQUE : secret.getType())
                .version(meta.getResourceVersion())
                .createdAt(instant(meta.getCreationTimestamp()))
                .updatedAt(updatedAt(meta));
        if (secret.getImmutable() != null) {
            record.attribute(IMMUTABLE, secret.getImmutable().toString());
        }
        annotations.forEach((name, value) -> {
            if (!OWN_ANNOTATIONS.contains(name)) {
                record.attribute(ANNOTATION + name, value);
            }
        });
        return record.build();
    }

    /**
     * @param secret a Secret as listed
     * @param key the key
     * @return its summary, without reading the value
     */
    static SecretSummary toSummary(Secret secret, String key) {
        ObjectMeta meta = secret.getMetadata();
        return new SecretSummary(key, meta.getResourceVersion(), updatedAt(meta), orEmpty(meta.getLabels()));
    }

    /**
     * @param record the record to write
     * @param name the Secret's name
     * @param encoded the record's value as data
     * @param extraAnnotations annotations to add (the idempotency token)
     * @return the Secret, without a resourceVersion
     * @throws IllegalArgumentException when the attribute {@value #IMMUTABLE} is neither true nor false
     */
    static Secret toSecret(SecretRecord record, String name, DataCodec.Encoded encoded,
                           Map<String, String> extraAnnotations) {
        Map<String, String> data = new LinkedHashMap<>();
        encoded.data().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v)));
        SecretBuilder secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(new TreeMap<>(record.tags()))
                .withAnnotations(annotations(record, encoded, extraAnnotations))
                .endMetadata()
                .withType(record.attributes().getOrDefault(TYPE, OPAQUE))
                .withData(data);
        String immutable = record.attributes().get(IMMUTABLE);
        if (immutable != null) {
            if (!immutable.equals("true") && !immutable.equals("false")) {
                throw new IllegalArgumentException("attribute 'immutable' is '" + immutable + "'; it must be true or false");
            }
            secret.withImmutable(Boolean.valueOf(immutable));
        }
        return secret.build();
    }

    /**
     * @param record the record to write
     * @param encoded its value as data
     * @param extra annotations to add
     * @return every annotation the Secret will carry
     */
    static Map<String, String> annotations(SecretRecord record, DataCodec.Encoded encoded, Map<String, String> extra) {
        Map<String, String> annotations = new TreeMap<>();
        record.attributes().forEach((name, value) -> {
            if (name.startsWith(ANNOTATION) && !OWN_ANNOTATIONS.contains(name.substring(ANNOTATION.length()))) {
                annotations.put(name.substring(ANNOTATION.length()), value);
            }
        });
        annotations.putAll(encoded.annotations());
        annotations.putAll(extra);
        return annotations;
    }

    /**
     * Tells whether a stored Secret already holds what a write would put there, so that a retried
     * write can stop. The {@value #WRITE_CREATED} mark is left out: it records how the content came,
     * not what it is.
     *
     * @param stored the Secret on the server
     * @param desired the Secret the write would store
     * @return whether data, type, immutability, labels and annotations are the same
     */
    static boolean sameContent(Secret stored, Secret desired) {
        Map<String, String> storedAnnotations = new TreeMap<>(orEmpty(stored.getMetadata().getAnnotations()));
        Map<String, String> desiredAnnotations = new TreeMap<>(orEmpty(desired.getMetadata().getAnnotations()));
        storedAnnotations.remove(WRITE_CREATED);
        desiredAnnotations.remove(WRITE_CREATED);
        return orEmpty(stored.getData()).equals(orEmpty(desired.getData()))
                && Objects.equals(typeOf(stored), typeOf(desired))
                && Boolean.TRUE.equals(stored.getImmutable()) == Boolean.TRUE.equals(desired.getImmutable())
                && orEmpty(stored.getMetadata().getLabels()).equals(orEmpty(desired.getMetadata().getLabels()))
                && storedAnnotations.equals(desiredAnnotations);
    }

    /** @param secret a Secret @return the value of an annotation of Ferry's, or null */
    static String annotation(Secret secret, String name) {
        return orEmpty(secret.getMetadata().getAnnotations()).get(name);
    }

    private static String typeOf(Secret secret) {
        return secret.getType() == null || secret.getType().isEmpty() ? OPAQUE : secret.getType();
    }

    private static Map<String, byte[]> data(Secret secret) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        orEmpty(secret.getData()).forEach((k, v) -> data.put(k, v == null ? new byte[0] : Base64.getDecoder().decode(v)));
        return data;
    }

    private static Instant updatedAt(ObjectMeta meta) {
        List<ManagedFieldsEntry> fields = meta.getManagedFields();
        Instant latest = null;
        if (fields != null) {
            for (ManagedFieldsEntry entry : fields) {
                Instant time = instant(entry.getTime());
                if (time != null && (latest == null || time.isAfter(latest))) {
                    latest = time;
                }
            }
        }
        return latest;
    }

    private static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
