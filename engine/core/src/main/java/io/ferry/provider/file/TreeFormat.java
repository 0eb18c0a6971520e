package io.ferry.provider.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.Constraints;
import io.ferry.spi.NameCharacters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JSON or YAML document of secrets: one object (mapping) whose names are keys.
 *
 * <p>Flattened (the default), nested objects become keys joined by {@code /}, so
 * {@code {"db": {"password": "x"}}} holds the key {@code db/password}, and a written key
 * {@code db/password} is nested the same way. Kept ({@code nested=keep}), each top-level object is
 * one record whose value is the object as compact JSON, content type {@code application/json}.
 *
 * <p>Scalars that are not strings are read as their JSON text: {@code 5432}, {@code 1.50},
 * {@code true}; {@code null} is read as an empty value. An array is one record holding the array as
 * compact JSON, content type {@code application/json}, and is written back as an array. Every other
 * value is written as a string. Values are text: a value that is not UTF-8 is refused.
 */
final class TreeFormat implements FileFormat {

    private static final Pattern SEGMENTS = Pattern.compile("[^/\\x00]+(/[^/\\x00]+)*");
    private static final ObjectMapper COMPACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final String name;
    private final JsonFactory factory;
    private final ObjectMapper writer;
    private final boolean keepObjects;
    private final Constraints constraints;

    private TreeFormat(String name, JsonFactory factory, boolean keepObjects) {
        this.name = name;
        this.factory = factory;
        this.writer = new ObjectMapper(factory).enable(SerializationFeature.INDENT_OUTPUT);
        this.keepObjects = keepObjects;
        String store = name + " file" + (keepObjects ? " (nested=keep)" : "");
        this.constraints = keepObjects
                ? new Constraints(store, Pattern.compile("[^\\x00]+"), "any characters but NUL", 4096,
                        16 * 1024 * 1024, Integer.MAX_VALUE, 1024, 4096, true, false, NameCharacters.of("[^\\p{Cc}\\p{Cs}]", "any character but control characters (U+0000-U+001F, U+007F-U+009F), which a text file would not keep as they are"))
                : new Constraints(store, SEGMENTS, "names of one or more parts separated by single slashes, "
                        + "without a leading or trailing slash or NUL (a part is a level of nesting)", 4096,
                        16 * 1024 * 1024, Integer.MAX_VALUE, 1024, 4096, true, false, NameCharacters.of("[^\\p{Cc}\\p{Cs}]", "any character but control characters (U+0000-U+001F, U+007F-U+009F), which a text file would not keep as they are"));
    }

    /** @param keepObjects whether top-level objects stay whole @return the JSON format */
    static TreeFormat json(boolean keepObjects) {
        return new TreeFormat("JSON", new JsonFactory(), keepObjects);
    }

    /** @param keepObjects whether top-level objects stay whole @return the YAML format */
    static TreeFormat yaml(boolean keepObjects) {
        return new TreeFormat("YAML", new YAMLFactory(), keepObjects);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Constraints constraints() {
        return constraints;
    }

    @Override
    public List<String> violations(SecretRecord record) {
        return record.value().isUtf8() ? List.of() : List.of("value is not UTF-8 text, and a " + name
                + " file holds only text; encode it first, or write it to a Kubernetes manifest (format=k8s)");
    }

    /** A JSON value becomes a nested array or object only where it reads back byte for byte; otherwise it stays a string. */
    @Override
    public Entry entry(SecretRecord record, int line) {
        boolean nested = SecretRecord.JSON.equals(record.contentType()) && embedded(record.value().text()) != null;
        return new Entry(record.key(), record.value(), nested ? SecretRecord.JSON : null, Map.of(), line);
    }

    /** @return the value as a tree to nest in the document, or null when it is written as a string */
    private JsonNode embedded(String text) {
        try {
            JsonNode parsed = COMPACT.readTree(text);
            boolean shape = parsed != null && (parsed.isArray() || (keepObjects && parsed.isObject()));
            return shape && text.equals(new String(compact(parsed), StandardCharsets.UTF_8)) ? parsed : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public Optional<String> clash(String key, Collection<String> keys) {
        if (keepObjects) {
            return Optional.empty();
        }
        for (String other : keys) {
            if (other.startsWith(key + "/") || key.startsWith(other + "/")) {
                String folder = other.length() < key.length() ? other : key;
                return Optional.of("'" + folder + "' would be both a value and an object holding '"
                        + (folder.equals(key) ? other : key) + "' in a nested " + name
                        + " file; rename one of them, or keep objects whole with nested=keep");
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Entry> read(String text, Path file) {
        LocatedTree tree = LocatedTree.read(factory, name, text, file, false);
        if (tree.documents().isEmpty() || tree.documents().get(0).isNull()) {
            return List.of();
        }
        JsonNode root = tree.documents().get(0);
        if (!root.isObject()) {
            throw FileProblem.malformed(file, name, tree.documentLine(0), 1,
                    "the document must be an object of names and values, as in {\"NAME\": \"value\"}");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        collect(tree, root, "", entries, seen, file);
        return entries;
    }

    private void collect(LocatedTree tree, JsonNode object, String prefix, List<Entry> entries, Map<String, Integer> seen,
                         Path file) {
        var fields = object.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            int line = tree.line(object, field.getKey());
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (field.getKey().isEmpty()) {
                throw FileProblem.malformed(file, name, line, 1, "an empty name; give every value a name");
            }
            if (value.isObject() && !keepObjects) {
                collect(tree, value, key + "/", entries, seen, file);
                continue;
            }
            Integer first = seen.putIfAbsent(key, line);
            if (first != null) {
                throw FileProblem.duplicate(file, key, first, line);
            }
            entries.add(entry(key, value, line));
        }
    }

    private static Entry entry(String key, JsonNode value, int line) {
        if (value.isContainerNode()) {
            return new Entry(key, SecretValue.ofOwnedBytes(compact(value)), SecretRecord.JSON, Map.of(), line);
        }
        if (value.isNull()) {
            return Entry.text(key, "", line);
        }
        return Entry.text(key, value.asText(), line);
    }

    private static byte[] compact(JsonNode value) {
        try {
            return COMPACT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree could not be written back as JSON", e);
        }
    }

    @Override
    public String write(List<Entry> entries) {
        ObjectNode root = COMPACT.createObjectNode();
        for (Entry entry : entries) {
            if (keepObjects) {
                root.set(entry.key(), valueNode(entry));
                continue;
            }
            String[] parts = entry.key().split("/");
            ObjectNode parent = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = parent.get(parts[i]);
                parent = child instanceof ObjectNode nested ? nested : parent.putObject(parts[i]);
            }
            parent.set(parts[parts.length - 1], valueNode(entry));
        }
        try {
            String text = writer.writeValueAsString(root);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode valueNode(Entry entry) {
        String text = new String(entry.value().bytes(), StandardCharsets.UTF_8);
        JsonNode nested = SecretRecord.JSON.equals(entry.contentType()) ? embedded(text) : null;
        return nested != null ? nested : COMPACT.getNodeFactory().textNode(text);
    }
}
