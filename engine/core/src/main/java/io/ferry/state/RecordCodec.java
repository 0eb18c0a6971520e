package io.ferry.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Serialises a whole record (value and metadata) to bytes and back, for the journal's images, which
 * are encrypted before they are stored.
 */
final class RecordCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordCodec() {
    }

    static byte[] encode(SecretRecord record) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("key", record.key());
        node.put("value", record.value().bytes());
        putIfPresent(node, "contentType", record.contentType());
        putIfPresent(node, "version", record.version());
        putIfPresent(node, "createdAt", record.createdAt());
        putIfPresent(node, "updatedAt", record.updatedAt());
        putIfPresent(node, "expiresAt", record.expiresAt());
        ObjectNode tags = node.putObject("tags");
        record.tags().forEach(tags::put);
        ObjectNode attributes = node.putObject("attributes");
        record.attributes().forEach(attributes::put);
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise record " + record.key(), e);
        }
    }

    static SecretRecord decode(byte[] bytes) {
        try {
            ObjectNode node = (ObjectNode) MAPPER.readTree(bytes);
            SecretRecord.Builder b = SecretRecord.builder(node.get("key").asText())
                    .value(SecretValue.ofOwnedBytes(node.get("value").binaryValue()));
            if (node.hasNonNull("contentType")) {
                b.contentType(node.get("contentType").asText());
            }
            if (node.hasNonNull("version")) {
                b.version(node.get("version").asText());
            }
            b.createdAt(instant(node, "createdAt")).updatedAt(instant(node, "updatedAt")).expiresAt(instant(node, "expiresAt"));
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = node.get("tags").fields(); it.hasNext(); ) {
                Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
                b.tag(e.getKey(), e.getValue().asText());
            }
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = node.get("attributes").fields(); it.hasNext(); ) {
                Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
                b.attribute(e.getKey(), e.getValue().asText());
            }
            return b.build();
        } catch (IOException | RuntimeException e) {
            throw new StateException("a journaled record image is unreadable; the state store may be corrupt");
        }
    }

    private static void putIfPresent(ObjectNode node, String name, Object value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }

    private static Instant instant(ObjectNode node, String name) {
        return node.hasNonNull(name) ? Instant.parse(node.get(name).asText()) : null;
    }
}
