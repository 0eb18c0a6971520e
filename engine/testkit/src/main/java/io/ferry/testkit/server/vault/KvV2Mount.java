package io.ferry.testkit.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.testkit.server.WireRequest;
import io.ferry.testkit.server.WireResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A KV version 2 mount: {@code data/} (read a version, write with check-and-set, patch, soft-delete
 * the latest), {@code metadata/} (list, read with the versions map, write max_versions,
 * cas_required and custom_metadata, patch, delete everything), and {@code delete/},
 * {@code undelete/} and {@code destroy/} with version lists. Versions beyond max_versions (0 means
 * the mount's 10) are pruned oldest first.
 */
final class KvV2Mount extends KvMount {

    static final int DEFAULT_MAX_VERSIONS = 10;
    static final int MAX_CUSTOM_METADATA_KEYS = 64;
    static final int MAX_CUSTOM_METADATA_KEY_BYTES = 128;
    static final int MAX_CUSTOM_METADATA_VALUE_BYTES = 512;

    /** One version of a secret. */
    static final class Version {
        JsonNode data;
        final Instant created;
        Instant deletion;
        boolean destroyed;

        Version(JsonNode data, Instant created) {
            this.data = data;
            this.created = created;
        }

        boolean readable(Instant now) {
            return !destroyed && (deletion == null || deletion.isAfter(now));
        }
    }

    /** One secret: its versions and metadata. */
    static final class Secret {
        final TreeMap<Integer, Version> versions = new TreeMap<>();
        final Instant created;
        Instant updated;
        int currentVersion;
        int maxVersions;
        boolean casRequired;
        String deleteVersionAfter = "0s";
        Map<String, String> customMetadata;

        Secret(Instant created) {
            this.created = created;
            this.updated = created;
        }
    }

    private final Map<String, Secret> secrets = new TreeMap<>();
    private final Clock clock;

    KvV2Mount(String path, Clock clock) {
        super(path);
        this.clock = clock;
    }

    @Override
    int version() {
        return 2;
    }

    @Override
    WireResponse handle(String method, String rest, WireRequest request) {
        int slash = rest.indexOf('/');
        String area = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (method.equals("LIST")) {
            return area.equals("metadata") ? list(secrets.keySet(), folder(key)) : unsupported();
        }
        if (key.isEmpty()) {
            return VaultJson.errors(404, "1 error occurred:\n\t* unsupported path\n\n");
        }
        return switch (area) {
            case "data" -> data(method, key, request);
            case "metadata" -> metadata(method, key, request);
            case "delete", "undelete", "destroy" -> versions(area, method, key, request);
            default -> VaultJson.errors(404, "1 error occurred:\n\t* unsupported path\n\n");
        };
    }

    private WireResponse data(String method, String key, WireRequest request) {
        return switch (method) {
            case "GET" -> readData(key, request);
            case "POST", "PUT" -> writeData(key, request, false);
            case "PATCH" -> writeData(key, request, true);
            case "DELETE" -> {
                Secret secret = secrets.get(key);
                if (secret != null) {
                    Version current = secret.versions.get(secret.currentVersion);
                    if (current != null && current.deletion == null && !current.destroyed) {
                        current.deletion = clock.instant();
                        secret.updated = current.deletion;
                    }
                }
                yield WireResponse.empty(204);
            }
            default -> unsupported();
        };
    }

    private WireResponse readData(String key, WireRequest request) {
        Secret secret = secrets.get(key);
        if (secret == null) {
            return VaultJson.errors(404);
        }
        int number = secret.currentVersion;
        String asked = request.query().get("version");
        if (asked != null && !asked.isEmpty()) {
            try {
                int parsed = Integer.parseInt(asked);
                number = parsed == 0 ? secret.currentVersion : parsed;
            } catch (NumberFormatException e) {
                return VaultJson.errors(400, "1 error occurred:\n\t* error converting input " + asked
                        + " for field \"version\": strconv.ParseInt: parsing \"" + asked + "\": invalid syntax\n\n");
            }
        }
        Version version = secret.versions.get(number);
        if (version == null) {
            return VaultJson.errors(404);
        }
        ObjectNode data = VaultJson.object();
        boolean readable = version.readable(clock.instant());
        if (readable) {
            data.set("data", version.data.deepCopy());
        } else {
            data.putNull("data");
        }
        data.set("metadata", versionMetadata(secret, number, version));
        WireResponse answer = VaultJson.ok(data);
        return readable ? answer : new WireResponse(404, answer.headers(), answer.body());
    }

    private WireResponse writeData(String key, WireRequest request, boolean patch) {
        ObjectNode body = VaultJson.parseObject(request.body());
        if (body == null) {
            return VaultJson.errors(400, "failed to parse JSON input: a JSON object is required");
        }
        if (patch && !String.valueOf(request.header("Content-Type")).startsWith("application/merge-patch+json")) {
            return VaultJson.errors(415, "PATCH requires Content-Type of application/merge-patch+json");
        }
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            return VaultJson.errors(400, "1 error occurred:\n\t* no data provided\n\n");
        }
        if (request.body().length > MAX_ENTRY_BYTES) {
            return tooLarge(request.body().length);
        }
        Secret secret = secrets.get(key);
        Instant now = clock.instant();
        JsonNode stored = data;
        if (patch) {
            Version current = secret == null ? null : secret.versions.get(secret.currentVersion);
            if (current == null || !current.readable(now)) {
                return VaultJson.errors(404);
            }
            stored = mergePatch(current.data, (ObjectNode) data);
        }
        JsonNode cas = body.path("options").get("cas");
        if (cas == null && secret != null && secret.casRequired) {
            return VaultJson.errors(400, "1 error occurred:\n\t* check-and-set parameter required for this call\n\n");
        }
        if (cas != null) {
            int expected = secret == null ? 0 : secret.currentVersion;
            if (!cas.canConvertToInt() || cas.asInt() != expected) {
                return VaultJson.errors(400, "1 error occurred:\n\t* check-and-set parameter did not match the current version\n\n");
            }
        }
        if (secret == null) {
            secret = new Secret(now);
            secrets.put(key, secret);
        }
        int number = secret.currentVersion + 1;
        Version version = new Version(VaultJson.sorted(stored), now);
        secret.versions.put(number, version);
        secret.currentVersion = number;
        secret.updated = now;
        prune(secret);
        return VaultJson.ok(versionMetadata(secret, number, version));
    }

    private static JsonNode mergePatch(JsonNode target, ObjectNode patch) {
        ObjectNode result = target.isObject() ? ((ObjectNode) target).deepCopy() : VaultJson.object();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else if (e.getValue().isObject()) {
                result.set(e.getKey(), mergePatch(result.path(e.getKey()), (ObjectNode) e.getValue()));
            } else {
                result.set(e.getKey(), e.getValue());
            }
        });
        return result;
    }

    private void prune(Secret secret) {
        int max = secret.maxVersions > 0 ? secret.maxVersions : DEFAULT_MAX_VERSIONS;
        Iterator<Integer> oldest = secret.versions.keySet().iterator();
        while (secret.versions.size() > max && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private WireResponse metadata(String method, String key, WireRequest request) {
        Secret secret = secrets.get(key);
        switch (method) {
            case "GET" -> {
                return secret == null ? VaultJson.errors(404) : VaultJson.ok(describe(secret));
            }
            case "DELETE" -> {
                secrets.remove(key);
                return WireResponse.empty(204);
            }
            case "POST", "PUT", "PATCH" -> {
                ObjectNode body = VaultJson.parseObject(request.body());
                if (body == null) {
                    body = VaultJson.object();
                }
                if (method.equals("PATCH") && secret == null) {
                    return VaultJson.errors(404);
                }
                Map<String, String> custom = null;
                JsonNode given = body.get("custom_metadata");
                if (given != null && !given.isNull()) {
                    if (!given.isObject()) {
                        return VaultJson.errors(400, "1 error occurred:\n\t* custom_metadata must be a map of strings\n\n");
                    }
                    custom = new LinkedHashMap<>();
                    if (method.equals("PATCH") && secret.customMetadata != null) {
                        custom.putAll(secret.customMetadata);
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (e.getValue().isNull()) {
                            custom.remove(e.getKey());
                        } else {
                            custom.put(e.getKey(), e.getValue().asText());
                        }
                    }
                    List<String> problems = customMetadataProblems(custom);
                    if (!problems.isEmpty()) {
                        StringBuilder message = new StringBuilder(problems.size() + " error"
                                + (problems.size() == 1 ? "" : "s") + " occurred:\n");
                        problems.forEach(p -> message.append("\t* ").append(p).append('\n'));
                        return VaultJson.errors(400, message.append('\n').toString());
                    }
                }
                if (secret == null) {
                    secret = new Secret(clock.instant());
                    secrets.put(key, secret);
                }
                if (body.has("max_versions")) {
                    secret.maxVersions = body.get("max_versions").asInt();
                }
                if (body.has("cas_required")) {
                    secret.casRequired = body.get("cas_required").asBoolean();
                }
                if (body.has("delete_version_after")) {
                    secret.deleteVersionAfter = body.get("delete_version_after").asText();
                }
                if (custom != null) {
                    secret.customMetadata = custom;
                }
                secret.updated = clock.instant();
                prune(secret);
                return WireResponse.empty(204);
            }
            default -> {
                return unsupported();
            }
        }
    }

    /** The limits Vault puts on custom_metadata, worded as Vault words them. */
    static List<String> customMetadataProblems(Map<String, String> custom) {
        List<String> problems = new ArrayList<>();
        if (custom.size() > MAX_CUSTOM_METADATA_KEYS) {
            problems.add("payload must contain at most " + MAX_CUSTOM_METADATA_KEYS + " keys, provided " + custom.size());
        }
        custom.forEach((name, value) -> {
            int keyBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            int valueBytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (keyBytes > MAX_CUSTOM_METADATA_KEY_BYTES) {
                problems.add("length of key \"" + name + "\" is " + keyBytes + " which exceeds the limit of "
                        + MAX_CUSTOM_METADATA_KEY_BYTES);
            }
            if (valueBytes > MAX_CUSTOM_METADATA_VALUE_BYTES) {
                problems.add("length of value for key \"" + name + "\" is " + valueBytes + " which exceeds the limit of "
                        + MAX_CUSTOM_METADATA_VALUE_BYTES);
            }
            if (name.isEmpty() || !printable(name)) {
                problems.add("key \"" + name + "\" contains unprintable characters");
            }
            if (!printable(value)) {
                problems.add("value for key \"" + name + "\" contains unprintable characters");
            }
        });
        return problems;
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean printable(String s) {
        return s.codePoints().allMatch(c -> c == ' ' || switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        });
    }

    private WireResponse versions(String area, String method, String key, WireRequest request) {
        if (!method.equals("POST") && !method.equals("PUT")) {
            return unsupported();
        }
        ObjectNode body = VaultJson.parseObject(request.body());
        JsonNode numbers = body == null ? null : body.get("versions");
        if (numbers == null || !numbers.isArray() || numbers.isEmpty()) {
            return VaultJson.errors(400, "1 error occurred:\n\t* no version number provided\n\n");
        }
        Secret secret = secrets.get(key);
        if (secret == null) {
            return WireResponse.empty(204);
        }
        Instant now = clock.instant();
        for (JsonNode n : numbers) {
            Version version = secret.versions.get(n.asInt());
            if (version == null) {
                continue;
            }
            switch (area) {
                case "delete" -> {
                    if (version.deletion == null && !version.destroyed) {
                        version.deletion = now;
                    }
                }
                case "undelete" -> {
                    if (!version.destroyed) {
                        version.deletion = null;
                    }
                }
                default -> {
                    version.destroyed = true;
                    version.data = null;
                }
            }
        }
        secret.updated = now;
        return WireResponse.empty(204);
    }

    private ObjectNode describe(Secret secret) {
        ObjectNode meta = VaultJson.object();
        meta.put("cas_required", secret.casRequired);
        meta.put("created_time", VaultJson.time(secret.created));
        meta.put("current_version", secret.currentVersion);
        if (secret.customMetadata == null) {
            meta.putNull("custom_metadata");
        } else {
            meta.set("custom_metadata", VaultJson.stringMap(secret.customMetadata));
        }
        meta.put("delete_version_after", secret.deleteVersionAfter);
        meta.put("max_versions", secret.maxVersions);
        meta.put("oldest_version", secret.versions.isEmpty() ? 0 : secret.versions.firstKey());
        meta.put("updated_time", VaultJson.time(secret.updated));
        ObjectNode versions = meta.putObject("versions");
        secret.versions.forEach((n, v) -> {
            ObjectNode entry = versions.putObject(Integer.toString(n));
            entry.put("created_time", VaultJson.time(v.created));
            entry.put("deletion_time", VaultJson.time(v.deletion));
            entry.put("destroyed", v.destroyed);
        });
        return meta;
    }

    private ObjectNode versionMetadata(Secret secret, int number, Version version) {
        ObjectNode meta = VaultJson.object();
        meta.put("created_time", VaultJson.time(version.created));
        if (secret.customMetadata == null) {
            meta.putNull("custom_metadata");
        } else {
            meta.set("custom_metadata", VaultJson.stringMap(secret.customMetadata));
        }
        meta.put("deletion_time", VaultJson.time(version.deletion));
        meta.put("destroyed", version.destroyed);
        meta.put("version", number);
        return meta;
    }

    /**
     * @param key a secret's path in this mount
     * @return its version numbers, oldest first, empty when there is no such secret; for tests
     */
    List<Integer> versionNumbers(String key) {
        Secret secret = secrets.get(key);
        return secret == null ? List.of() : List.copyOf(secret.versions.keySet());
    }
}
