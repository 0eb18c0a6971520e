package io.ferry.provider.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a record's value into a Secret's data keys and back, so that every value reads back byte for
 * byte as it was written.
 *
 * <p>A Secret is one record whose value is a JSON object of its data keys, content type
 * {@value SecretRecord#JSON}: {@code {"password":"s3cret","username":"app"}}. A data value that is not
 * valid UTF-8 appears as {@code {"base64":"..."}} in that object, so the object stays
 * self-describing when it travels through other stores and splits into the same bytes when it comes
 * back. Keys appear in name order, as the API server keeps them; a record written with another key
 * order keeps its order in the annotation {@value #KEY_ORDER}.
 *
 * <p>A record is split into data keys only when it is a {@value SecretRecord#JSON} object of such
 * values whose keys are valid data keys, and only when reading the Secret back gives exactly the same
 * bytes (compact JSON). Any other value (plain text, binary, a JSON document with numbers or nesting
 * or spacing) is kept whole in the single data key {@value #VALUE_KEY}, and the annotation
 * {@value #CONTENT_TYPE} records its content type (empty when it has none), which also tells the
 * reader not to build a JSON object.
 */
final class DataCodec {

    /** The annotation that marks a Secret holding one whole value, and records its content type. */
    static final String CONTENT_TYPE = "ferry.io/content-type";
    /** The annotation that records the order of the data keys when it is not name order. */
    static final String KEY_ORDER = "ferry.io/key-order";
    /** The data key of a Secret holding one whole value. */
    static final String VALUE_KEY = "value";
    /** The field of the marker object that carries a data value which is not UTF-8 text. */
    static final String BASE64_FIELD = "base64";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A Secret's data and the annotations that tell how to read it back.
     *
     * @param data the data keys and their bytes, in order
     * @param annotations the codec's annotations ({@value #CONTENT_TYPE}, {@value #KEY_ORDER}), possibly none
     */
    record Encoded(Map<String, byte[]> data, Map<String, String> annotations) {

        /** @return the data's size in bytes, as the API server counts it against its limit */
        long size() {
            return data.values().stream().mapToLong(b -> b.length).sum();
        }
    }

    /**
     * A record's value and content type, as read from a Secret.
     *
     * @param value the value
     * @param contentType the content type, or null
     */
    record Decoded(SecretValue value, String contentType) {
    }

    private DataCodec() {
    }

    /**
     * @param value a record's value
     * @param contentType its content type, or null
     * @return the data and annotations that hold it
     */
    static Encoded encode(SecretValue value, String contentType) {
        if (SecretRecord.JSON.equals(contentType)) {
            Encoded split = split(value);
            if (split != null) {
                return split;
            }
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        data.put(VALUE_KEY, value.bytes());
        return new Encoded(data, Map.of(CONTENT_TYPE, contentType == null ? "" : contentType));
    }

    /**
     * @param data a Secret's data keys and bytes
     * @param annotations its annotations, of which only the codec's are read
     * @return the record's value and content type
     */
    static Decoded decode(Map<String, byte[]> data, Map<String, String> annotations) {
        String contentType = annotations.get(CONTENT_TYPE);
        if (contentType != null) {
            byte[] whole = data.get(VALUE_KEY);
            return new Decoded(whole == null ? SecretValue.empty() : SecretValue.ofOwnedBytes(whole),
                    contentType.isEmpty() ? null : contentType);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String key : order(data, annotations.get(KEY_ORDER))) {
            byte[] bytes = data.get(key);
            String text = utf8(bytes);
            fields.put(key, text != null ? text : Map.of(BASE64_FIELD, Base64.getEncoder().encodeToString(bytes)));
        }
        try {
            return new Decoded(SecretValue.ofOwnedBytes(JSON.writeValueAsBytes(fields)), SecretRecord.JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings could not be written as JSON", e);
        }
    }

    private static Encoded split(SecretValue value) {
        Map<String, Object> fields;
        try {
            fields = JSON.readValue(value.bytes(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            return null;
        }
        if (fields == null) {
            return null;
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            byte[] bytes = fieldBytes(field.getValue());
            if (bytes == null || !NameRules.isDataKey(field.getKey())) {
                return null;
            }
            data.put(field.getKey(), bytes);
        }
        List<String> keys = new ArrayList<>(data.keySet());
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        Map<String, String> annotations = keys.equals(sorted) ? Map.of() : Map.of(KEY_ORDER, String.join(",", keys));
        Encoded encoded = new Encoded(data, annotations);
        boolean exact = decode(data, annotations).value().equals(value);
        return exact ? encoded : null;
    }

    private static byte[] fieldBytes(Object field) {
        if (field instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (field instanceof Map<?, ?> marker && marker.size() == 1 && marker.get(BASE64_FIELD) instanceof String b64) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static List<String> order(Map<String, byte[]> data, String recorded) {
        List<String> keys = new ArrayList<>();
        if (recorded != null && !recorded.isEmpty()) {
            Arrays.stream(recorded.split(",")).filter(data::containsKey).distinct().forEach(keys::add);
        }
        new TreeMap<>(data).keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
