package io.ferry.provider.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * How a record's value becomes a KV secret's fields and back, losing no byte.
 *
 * <p>A value that is a JSON object, with the JSON content type, is stored as the secret's fields,
 * the way Vault users expect ({@code vault kv get} shows them), when reading the fields back gives
 * exactly the same bytes:
 * compact JSON with keys in Vault's order (Go sorts a map's keys by code point). Any other value,
 * and a JSON object written another way (spaces, other key order), is stored in an envelope of two
 * fields: {@code ferry-encoding} ({@code text} for UTF-8, {@code base64} for other bytes) and
 * {@code value}; a content type other than JSON rides along as {@code ferry-content-type}. The
 * envelope travels with the data, so a version is decoded correctly whatever its metadata says. A
 * JSON object that has one of these reserved field names at the top is itself enveloped, so
 * reading is never ambiguous; so is a JSON object without a content type, which would otherwise
 * read back as JSON.
 */
final class KvCodec {

    /** The envelope's field naming the value's encoding. */
    static final String ENCODING = "ferry-encoding";
    /** The envelope's field holding the value. */
    static final String VALUE = "value";
    /** The envelope's field holding the record's content type. */
    static final String CONTENT_TYPE = "ferry-content-type";
    /** The field in which a KV version 1 secret keeps what version 2 keeps in metadata. */
    static final String SIDECAR = "ferry-metadata";

    private static final Set<String> RESERVED = Set.of(ENCODING, CONTENT_TYPE, SIDECAR);

    /** Go compares strings byte by byte in UTF-8, which is code point order. */
    static final Comparator<String> VAULT_ORDER = (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

    /** A decoded value and its content type. */
    record Decoded(SecretValue value, String contentType) {
    }

    private KvCodec() {
    }

    /**
     * @param record a record
     * @param maxBytes the most bytes the fields may take as JSON
     * @return its value as a secret's fields
     * @throws ProviderException INVALID when the fields are larger than that: JSON escapes some
     *     characters (a NUL takes six bytes), so a value within the size limit can still be too large
     */
    static ObjectNode encode(SecretRecord record, int maxBytes) {
        ObjectNode fields = encode(record);
        int size = size(fields);
        if (size > maxBytes) {
            throw new ProviderException(ProviderException.Kind.INVALID, record.key(), "the value of '" + record.key()
                    + "' is " + size + " bytes once written as Vault's JSON; Vault KV allows at most " + maxBytes
                    + "; split it or store it elsewhere");
        }
        return fields;
    }

    /**
     * @param record a record
     * @return the size of its value as the JSON of a secret's fields, which Vault's limit applies to
     */
    static int encodedSize(SecretRecord record) {
        return size(encode(record));
    }

    private static int size(ObjectNode fields) {
        try {
            return VaultHttp.JSON.writeValueAsBytes(fields).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * @param record a record
     * @return its value as a secret's fields
     */
    static ObjectNode encode(SecretRecord record) {
        String contentType = record.contentType();
        SecretValue value = record.value();
        if (SecretRecord.JSON.equals(contentType)) {
            ObjectNode fields = nativeFields(value.bytes());
            if (fields != null) {
                return fields;
            }
        }
        ObjectNode envelope = VaultHttp.JSON.createObjectNode();
        if (contentType != null) {
            envelope.put(CONTENT_TYPE, contentType);
        }
        if (value.isUtf8()) {
            envelope.put(ENCODING, "text");
            envelope.put(VALUE, value.text());
        } else {
            envelope.put(ENCODING, "base64");
            envelope.put(VALUE, Base64.getEncoder().encodeToString(value.bytes()));
        }
        return envelope;
    }

    /**
     * @param data a secret's fields as Vault returned them, without the version 1 sidecar
     * @return the value and content type they hold
     */
    static Decoded decode(JsonNode data) {
        if (data == null || !data.isObject()) {
            return new Decoded(SecretValue.empty(), SecretRecord.JSON);
        }
        JsonNode encoding = data.get(ENCODING);
        if (encoding != null && encoding.isTextual() && data.path(VALUE).isTextual()) {
            JsonNode contentType = data.get(CONTENT_TYPE);
            String type = contentType == null || !contentType.isTextual() ? null : contentType.asText();
            String text = data.get(VALUE).asText();
            SecretValue value = encoding.asText().equals("base64")
                    ? SecretValue.ofOwnedBytes(Base64.getDecoder().decode(text))
                    : SecretValue.ofText(text);
            return new Decoded(value, type);
        }
        try {
            return new Decoded(SecretValue.ofOwnedBytes(VaultHttp.JSON.writeValueAsBytes(data)), SecretRecord.JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    /**
     * @param bytes a value
     * @return its fields when it is a JSON object that reads back byte for byte and uses no reserved
     *     field, else null
     */
    private static ObjectNode nativeFields(byte[] bytes) {
        int first = 0;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first != 0 || bytes.length == 0 || bytes[0] != '{') {
            return null;
        }
        JsonNode parsed;
        try {
            parsed = VaultHttp.JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
        if (!(parsed instanceof ObjectNode object) || RESERVED.stream().anyMatch(object::has)) {
            return null;
        }
        ObjectNode sorted = (ObjectNode) sorted(object);
        try {
            return Arrays.equals(VaultHttp.JSON.writeValueAsBytes(sorted), bytes) ? sorted : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** @return a deep copy whose objects have their keys in Vault's order */
    static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.sort(VAULT_ORDER);
            ObjectNode copy = VaultHttp.JSON.createObjectNode();
            names.forEach(name -> copy.set(name, sorted(object.get(name))));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = VaultHttp.JSON.createArrayNode();
            array.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }
}
