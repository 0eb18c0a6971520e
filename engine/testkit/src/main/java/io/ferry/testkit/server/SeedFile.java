package io.ferry.testkit.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the file {@code ferry emulate --seed FILE} takes: one JSON object whose fields are the keys.
 * A key's value is either the secret's value as a string, or an object with {@code value} (a string,
 * or an object of string fields) and optional {@code tags} (an object of strings):
 *
 * <pre>{@code
 * {
 *   "app/db-password": "s3cr3t",
 *   "app/db": {"value": {"username": "app", "password": "pw"}, "tags": {"env": "prod"}}
 * }
 * }</pre>
 *
 * <p>Messages about a bad file name the file and the key, never a value.
 */
public final class SeedFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SeedFile() {
    }

    /**
     * @param file the seed file
     * @return its secrets, in the file's order
     * @throws IllegalArgumentException naming the file, the key and the form expected
     */
    public static List<SeedSecret> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("seed file " + file + " does not exist; give a JSON file such as "
                    + "{\"app/key\": \"value\"}");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("seed file " + file + " is not JSON (line " + e.getLocation().getLineNr()
                    + "); give one object such as {\"app/key\": \"value\"}");
        } catch (IOException e) {
            throw new IllegalArgumentException("seed file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); check its permissions");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("seed file " + file + " must hold one JSON object of keys, such as "
                    + "{\"app/key\": \"value\"}");
        }
        List<SeedSecret> secrets = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            secrets.add(secret(file, entry.getKey(), entry.getValue()));
        }
        return secrets;
    }

    private static SeedSecret secret(Path file, String key, JsonNode node) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("seed file " + file + " has an empty key; every key names a secret");
        }
        if (node.isTextual()) {
            return new SeedSecret(key, node.asText(), null, Map.of());
        }
        if (!node.isObject() || node.get("value") == null) {
            throw new IllegalArgumentException("seed file " + file + ", key '" + key + "': give the value as a string, "
                    + "or as {\"value\": ..., \"tags\": {...}}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("value") && !name.equals("tags")) {
                throw new IllegalArgumentException("seed file " + file + ", key '" + key + "': unknown field '" + name
                        + "'; a secret has value and tags");
            }
        }
        Map<String, String> tags = strings(file, key, "tags", node.get("tags"));
        JsonNode value = node.get("value");
        if (value.isTextual()) {
            return new SeedSecret(key, value.asText(), null, tags);
        }
        if (value.isObject() && value.size() > 0) {
            return new SeedSecret(key, null, strings(file, key, "value", value), tags);
        }
        throw new IllegalArgumentException("seed file " + file + ", key '" + key + "': value is a string or a non-empty "
                + "object of string fields");
    }

    private static Map<String, String> strings(Path file, String key, String what, JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("seed file " + file + ", key '" + key + "': " + what
                    + " is an object of strings, such as {\"env\": \"prod\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("seed file " + file + ", key '" + key + "': " + what + " '"
                        + e.getKey() + "' is not a string; quote it");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** @return the map as compact JSON */
    static String json(Map<String, String> fields) {
        ObjectNode node = JSON.createObjectNode();
        fields.forEach(node::put);
        return node.toString();
    }
}
