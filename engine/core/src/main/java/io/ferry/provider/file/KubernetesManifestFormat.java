package io.ferry.provider.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.Constraints;
import io.ferry.spi.NameCharacters;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes Secret manifests: one or many YAML documents ({@code ---}), each a {@code v1 Secret}.
 *
 * <p>Every data key of every Secret is one record, keyed {@code NAMESPACE/NAME/DATAKEY} when the
 * Secret's {@code metadata.namespace} is set and {@code NAME/DATAKEY} when it is not; neither names
 * nor data keys can hold a {@code /}, so the two forms never meet. {@code data} values are base64 and
 * read as the bytes they encode, binary included; {@code stringData} values are read as text. The
 * Secret's {@code type} is kept as the record's {@code type} attribute. A data key in both
 * {@code data} and {@code stringData}, or a Secret given twice, is refused as a key given twice.
 * Documents of other kinds are skipped when reading; a file holding them is not rewritten.
 *
 * <p>Written: one document per Secret, in the order the keys come, with {@code apiVersion},
 * {@code kind}, {@code metadata} (name, and namespace where the key has one), {@code type} (from the
 * attribute, {@code Opaque} otherwise) and every value base64 in {@code data}. Labels, annotations
 * and other fields of the Secrets read are not kept.
 */
final class KubernetesManifestFormat implements FileFormat {

    /** The attribute that carries a Secret's type. */
    static final String TYPE = "type";

    private static final String NAME = "Kubernetes manifest";
    /** The most a Secret object holds, as the API server will enforce when the manifest is applied. */
    private static final int MAX_SECRET_BYTES = 1024 * 1024;
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN = LABEL + "(\\." + LABEL + ")*";
    private static final String DATA_KEY = "[-._a-zA-Z0-9]+";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private final Constraints constraints;

    KubernetesManifestFormat() {
        this.constraints = new Constraints("Kubernetes manifest file",
                Pattern.compile("(" + LABEL + "/)?" + SUBDOMAIN + "/" + DATA_KEY),
                "NAME/DATAKEY or NAMESPACE/NAME/DATAKEY: a namespace of lower-case letters, digits and -; a Secret name "
                        + "that is a DNS subdomain; a data key of letters, digits, -, _ and .",
                63 + 1 + 253 + 1 + 253, MAX_SECRET_BYTES, Integer.MAX_VALUE, 1024, 4096, true, false,
                NameCharacters.of("[A-Za-z0-9._/-]", "ASCII letters, digits, -, _, . and /"));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Constraints constraints() {
        return constraints;
    }

    @Override
    public List<String> violations(SecretRecord record) {
        return List.of();
    }

    @Override
    public Entry entry(SecretRecord record, int line) {
        String type = record.attributes().get(TYPE);
        return new Entry(record.key(), record.value(), null, type == null ? Map.of() : Map.of(TYPE, type), line);
    }

    @Override
    public Optional<String> rewriteRefusal(String text, Path file) {
        LocatedTree tree = LocatedTree.read(new YAMLFactory(), "YAML", text, file, true);
        for (int i = 0; i < tree.documents().size(); i++) {
            JsonNode document = tree.documents().get(i);
            if (document.isNull()) {
                continue;
            }
            if (!isSecret(document)) {
                return Optional.of(file + " holds a document that is not a Secret at line " + tree.documentLine(i)
                        + ", which rewriting the file would lose; write the secrets to a manifest of their own");
            }
        }
        return Optional.empty();
    }

    private static boolean isSecret(JsonNode document) {
        return document.isObject() && "Secret".equals(document.path("kind").asText(null));
    }

    @Override
    public List<Entry> read(String text, Path file) {
        LocatedTree tree = LocatedTree.read(new YAMLFactory(), "YAML", text, file, true);
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < tree.documents().size(); i++) {
            JsonNode document = tree.documents().get(i);
            int line = tree.documentLine(i);
            if (document.isNull() || !isSecret(document)) {
                continue;
            }
            JsonNode metadata = document.path("metadata");
            String name = metadata.path("name").isTextual() ? metadata.path("name").asText() : null;
            if (name == null || name.isEmpty()) {
                throw FileProblem.malformed(file, NAME, line, 1, "a Secret with a metadata.name");
            }
            String namespace = metadata.path("namespace").isTextual() ? metadata.path("namespace").asText() : null;
            String prefix = (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name + "/";
            String type = document.path(TYPE).isTextual() ? document.path(TYPE).asText() : null;
            Map<String, String> attributes = type == null ? Map.of() : Map.of(TYPE, type);
            for (String section : List.of("data", "stringData")) {
                JsonNode values = document.path(section);
                if (values.isMissingNode() || values.isNull()) {
                    continue;
                }
                if (!values.isObject()) {
                    throw FileProblem.malformed(file, NAME, tree.line(document, section), 1,
                            section + " must be a mapping of data keys to values");
                }
                var fields = values.fields();
                while (fields.hasNext()) {
                    var field = fields.next();
                    int fieldLine = tree.line(values, field.getKey());
                    String key = prefix + field.getKey();
                    Integer first = seen.putIfAbsent(key, fieldLine);
                    if (first != null) {
                        throw FileProblem.duplicate(file, key, first, fieldLine);
                    }
                    entries.add(new Entry(key, value(section, field.getValue(), file, fieldLine), null, attributes, fieldLine));
                }
            }
        }
        return entries;
    }

    private static SecretValue value(String section, JsonNode node, Path file, int line) {
        if (node.isNull()) {
            return SecretValue.empty();
        }
        if (!node.isValueNode() || node.isBinary()) {
            throw FileProblem.malformed(file, NAME, line, 1, "a " + section + " value must be a string");
        }
        if (section.equals("stringData")) {
            return SecretValue.ofText(node.asText());
        }
        try {
            return SecretValue.ofOwnedBytes(Base64.getDecoder().decode(node.asText().replaceAll("\\s", "")));
        } catch (IllegalArgumentException notBase64) {
            throw FileProblem.malformed(file, NAME, line, 1, "a data value must be base64; put plain text under stringData");
        }
    }

    @Override
    public String write(List<Entry> entries) {
        Map<String, ObjectNode> secrets = new LinkedHashMap<>();
        for (Entry entry : entries) {
            int last = entry.key().lastIndexOf('/');
            String secret = entry.key().substring(0, last);
            ObjectNode document = secrets.computeIfAbsent(secret, s -> document(s, entry.attributes().get(TYPE)));
            ((ObjectNode) document.get("data")).put(entry.key().substring(last + 1),
                    Base64.getEncoder().encodeToString(entry.value().bytes()));
        }
        StringBuilder out = new StringBuilder();
        for (ObjectNode document : secrets.values()) {
            try {
                out.append("---\n").append(YAML.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    private static ObjectNode document(String secret, String type) {
        ObjectNode document = YAML.createObjectNode();
        document.put("apiVersion", "v1");
        document.put("kind", "Secret");
        ObjectNode metadata = document.putObject("metadata");
        int slash = secret.indexOf('/');
        metadata.put("name", slash < 0 ? secret : secret.substring(slash + 1));
        if (slash >= 0) {
            metadata.put("namespace", secret.substring(0, slash));
        }
        document.put(TYPE, type == null ? "Opaque" : type);
        document.putObject("data");
        return document;
    }
}
