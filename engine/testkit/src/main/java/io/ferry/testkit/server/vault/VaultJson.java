package io.ferry.testkit.server.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.testkit.server.WireResponse;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON Vault speaks: its response envelope, its {@code {"errors":[...]}} bodies, its RFC 3339
 * timestamps, and objects whose keys come out sorted by code point, as Go's encoder sorts a map's
 * keys. Numbers keep their written form, as Vault's decoder (which uses {@code json.Number}) does.
 */
final class VaultJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** Go compares strings byte by byte in UTF-8, which is code point order. */
    static final Comparator<String> GO_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private VaultJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * @param body a request body
     * @return it parsed, or null when it is empty or not a JSON object
     */
    static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node instanceof ObjectNode o ? o : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** @return a deep copy whose object keys are in Go's order, as Vault hands stored maps back */
    static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            names.sort(GO_ORDER);
            ObjectNode copy = object();
            for (String name : names) {
                copy.set(name, sorted(o.get(name)));
            }
            return copy;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode copy = MAPPER.createArrayNode();
            a.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }

    static String time(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /**
     * @param data the response's data, or null
     * @return Vault's response envelope around it
     */
    static WireResponse ok(JsonNode data) {
        ObjectNode body = object();
        body.put("request_id", UUID.randomUUID().toString());
        body.put("lease_id", "");
        body.put("renewable", false);
        body.put("lease_duration", 0);
        body.set("data", data);
        body.putNull("wrap_info");
        body.putNull("warnings");
        body.putNull("auth");
        return json(200, body);
    }

    /**
     * @param auth the login's auth block
     * @return Vault's login answer
     */
    static WireResponse login(ObjectNode auth) {
        ObjectNode body = object();
        body.put("request_id", UUID.randomUUID().toString());
        body.put("lease_id", "");
        body.put("renewable", false);
        body.put("lease_duration", 0);
        body.putNull("data");
        body.putNull("wrap_info");
        body.putNull("warnings");
        body.set("auth", auth);
        return json(200, body);
    }

    /**
     * @param status the HTTP status
     * @param errors the messages, possibly none
     * @return Vault's error body
     */
    static WireResponse errors(int status, String... errors) {
        ObjectNode body = object();
        ArrayNode list = body.putArray("errors");
        for (String e : errors) {
            list.add(e);
        }
        return json(status, body);
    }

    static WireResponse json(int status, JsonNode body) {
        try {
            return WireResponse.of(status, "application/json", MAPPER.writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode node = object();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey(GO_ORDER)).forEach(e -> node.put(e.getKey(), e.getValue()));
        return node;
    }
}
