package io.ferry.testkit.server.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The Secrets of every namespace, with the API server's bookkeeping: one {@code resourceVersion}
 * counter for the whole cluster (etcd's revision), bumped by every change, a deletion included;
 * {@code uid}, {@code creationTimestamp} and {@code managedFields}; and the history of changes a
 * watch replays, as the API server's watch cache keeps it. The history holds the latest
 * {@link #historyLimit} changes; a watch or a list continuation from before them is answered 410
 * Expired, as after etcd's compaction.
 *
 * <p>A list continuation goes on from the name it stopped at in the Secrets as they are now, where the
 * real server reads a snapshot at the first page's version: a Secret created or deleted between pages
 * may appear or be missed, as it may on a server whose continue token has expired.
 *
 * <p>Every method is called with the store locked by the server.
 */
final class SecretStore {

    /** How many changes the history keeps by default. */
    static final int DEFAULT_HISTORY = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MANAGED_AWAY = Set.of("resourceVersion", "managedFields");

    /** One change, as a watch sends it. */
    private record Event(long version, String namespace, String type, ObjectNode object, ObjectNode previous) {
    }

    private final Clock clock;
    private final TreeMap<String, TreeMap<String, ObjectNode>> namespaces = new TreeMap<>();
    private final Deque<Event> history = new ArrayDeque<>();
    private long revision = 1;
    private long compactedThrough;
    private int historyLimit = DEFAULT_HISTORY;

    SecretStore(Clock clock) {
        this.clock = clock;
        namespaces.put("default", new TreeMap<>());
    }

    long revision() {
        return revision;
    }

    void historyLimit(int limit) {
        this.historyLimit = Math.max(1, limit);
        trim();
    }

    /** Forgets every change so far: a watch or continuation from an older version is answered 410. */
    void compact() {
        history.clear();
        compactedThrough = revision;
    }

    Set<String> namespaces() {
        return new TreeSet<>(namespaces.keySet());
    }

    ObjectNode get(String namespace, String name) {
        ObjectNode stored = secrets(namespace).get(name);
        if (stored == null) {
            throw ApiStatus.notFound(name);
        }
        return stored;
    }

    ObjectNode create(String namespace, JsonNode body, String manager, boolean dryRun) {
        Normalized in = Normalized.of(body, namespace, null);
        String name = in.name();
        if (name == null) {
            if (in.generateName() == null) {
                throw ApiStatus.invalid("", "metadata.name: Required value: name or generateName is required");
            }
            do {
                name = in.generateName() + UUID.randomUUID().toString().replace("-", "").substring(0, 5);
            } while (secrets(namespace).containsKey(name));
        }
        if (in.resourceVersion() != null) {
            throw new ApiStatus(500, "InternalError", "resourceVersion should not be set on objects to be created", name);
        }
        in.validate(name);
        if (secrets(namespace).containsKey(name)) {
            throw ApiStatus.alreadyExists(name);
        }
        String now = now();
        ObjectNode secret = in.toSecret(name, namespace, UUID.randomUUID().toString(), now, null);
        if (dryRun) {
            stamp(secret, String.valueOf(revision), manager, now, null);
            return secret;
        }
        stamp(secret, String.valueOf(++revision), manager, now, null);
        namespaces.computeIfAbsent(namespace, ns -> new TreeMap<>()).put(name, secret);
        record(namespace, "ADDED", secret, null);
        return secret;
    }

    ObjectNode update(String namespace, String name, JsonNode body, String manager, boolean dryRun) {
        ObjectNode stored = get(namespace, name);
        Normalized in = Normalized.of(body, namespace, name);
        if (in.resourceVersion() != null && !in.resourceVersion().equals(version(stored))) {
            throw ApiStatus.conflict(name);
        }
        return replace(namespace, name, stored, in, manager, dryRun);
    }

    ObjectNode patch(String namespace, String name, String contentType, JsonNode patch, String manager, boolean dryRun) {
        ObjectNode stored = get(namespace, name);
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        JsonNode patched = switch (type) {
            case "application/json-patch+json" -> Patches.jsonPatch(stored, patch, name);
            case "application/merge-patch+json", "application/strategic-merge-patch+json" -> {
                if (!patch.isObject()) {
                    throw ApiStatus.badRequest("a merge patch is a JSON object");
                }
                yield Patches.mergePatch(stored, patch);
            }
            default -> throw new ApiStatus(415, "UnsupportedMediaType", "the body of the request was in an unknown "
                    + "format - accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/strategic-merge-patch+json", null);
        };
        Normalized in = Normalized.of(patched, namespace, name);
        if (in.resourceVersion() != null && !in.resourceVersion().equals(version(stored))) {
            throw ApiStatus.conflict(name);
        }
        return replace(namespace, name, stored, in, manager, dryRun);
    }

    /**
     * @return the Status of a deletion, as the API server answers for a Secret
     */
    ObjectNode delete(String namespace, String name, JsonNode options, boolean dryRun) {
        ObjectNode stored = get(namespace, name);
        JsonNode preconditions = options == null ? null : options.get("preconditions");
        if (preconditions != null && preconditions.hasNonNull("resourceVersion")
                && !preconditions.get("resourceVersion").asText().equals(version(stored))) {
            throw new ApiStatus(409, "Conflict", "Operation cannot be fulfilled on secrets \"" + name + "\": Precondition "
                    + "failed: ResourceVersion in precondition: " + preconditions.get("resourceVersion").asText()
                    + ", ResourceVersion in object meta: " + version(stored), name);
        }
        if (preconditions != null && preconditions.hasNonNull("uid")
                && !preconditions.get("uid").asText().equals(stored.path("metadata").path("uid").asText())) {
            throw new ApiStatus(409, "Conflict", "Operation cannot be fulfilled on secrets \"" + name + "\": Precondition "
                    + "failed: UID in precondition: " + preconditions.get("uid").asText() + ", UID in object meta: "
                    + stored.path("metadata").path("uid").asText(), name);
        }
        if (!dryRun) {
            remove(namespace, name, stored);
        }
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.putObject("details").put("name", name).put("kind", "secrets")
                .put("uid", stored.path("metadata").path("uid").asText());
        return status;
    }

    /** @return the Secrets deleted, as a SecretList */
    ObjectNode deleteCollection(String namespace, LabelSelector labels, FieldSelector fields, boolean dryRun) {
        ArrayNode items = JSON.createArrayNode();
        for (ObjectNode secret : new ArrayList<>(secrets(namespace).values())) {
            if (selected(secret, labels, fields)) {
                if (!dryRun) {
                    remove(namespace, secret.path("metadata").path("name").asText(), secret);
                }
                items.add(secret);
            }
        }
        return list(items, null, null);
    }

    /**
     * @param namespace the namespace, or null for every namespace
     * @param limit the most items to return, 0 for all
     * @param continueToken where the previous page stopped, or null
     * @return a SecretList at the current version, with a continue token when there is more
     */
    ObjectNode list(String namespace, LabelSelector labels, FieldSelector fields, long limit, String continueToken) {
        String after = null;
        if (continueToken != null && !continueToken.isEmpty()) {
            ContinueToken token = ContinueToken.decode(continueToken);
            if (token.version() < compactedThrough) {
                throw ApiStatus.expired("The provided continue parameter is too old to display a consistent list result. "
                        + "You can start a new list without the continue parameter, or use the continue token in this "
                        + "response to retrieve the remainder of the results.");
            }
            after = token.start();
        }
        ArrayNode items = JSON.createArrayNode();
        String last = null;
        int remaining = 0;
        for (Map.Entry<String, ObjectNode> e : all(namespace).entrySet()) {
            if (after != null && e.getKey().compareTo(after) <= 0) {
                continue;
            }
            if (!selected(e.getValue(), labels, fields)) {
                continue;
            }
            if (limit > 0 && items.size() == limit) {
                remaining++;
                continue;
            }
            items.add(e.getValue());
            last = e.getKey();
        }
        String next = remaining > 0 ? new ContinueToken(revision, last).encode() : null;
        return list(items, next, remaining > 0 ? (long) remaining : null);
    }

    /**
     * The answer to a watch: the changes after {@code since} that the selectors let through (a Secret
     * that stops matching is sent as DELETED, one that starts matching as ADDED), or every Secret as
     * ADDED when {@code since} is empty or 0; then a BOOKMARK at the current version when asked for.
     *
     * @return one JSON event a line
     */
    String watch(String namespace, LabelSelector labels, FieldSelector fields, String since, boolean bookmarks) {
        StringBuilder out = new StringBuilder();
        if (since == null || since.isEmpty() || since.equals("0")) {
            for (ObjectNode secret : all(namespace).values()) {
                if (selected(secret, labels, fields)) {
                    out.append(event("ADDED", secret));
                }
            }
        } else {
            long from;
            try {
                from = Long.parseLong(since);
            } catch (NumberFormatException e) {
                throw ApiStatus.badRequest("invalid resource version: \"" + since + "\"");
            }
            if (from < compactedThrough) {
                return event("ERROR", new ApiStatus(410, "Expired", "too old resource version: " + from + " ("
                        + (compactedThrough + 1) + ")", null).toJson());
            }
            if (from > revision) {
                return event("ERROR", new ApiStatus(504, "Timeout", "Too large resource version: " + from + ", current: "
                        + revision, null).toJson());
            }
            for (Event change : history) {
                if (change.version() <= from || (namespace != null && !namespace.equals(change.namespace()))) {
                    continue;
                }
                boolean was = change.previous() != null && selected(change.previous(), labels, fields);
                boolean is = selected(change.object(), labels, fields);
                String type = switch (change.type()) {
                    case "ADDED" -> is ? "ADDED" : null;
                    case "DELETED" -> is ? "DELETED" : null;
                    default -> was && is ? "MODIFIED" : is ? "ADDED" : was ? "DELETED" : null;
                };
                if (type != null) {
                    out.append(event(type, change.object()));
                }
            }
        }
        if (bookmarks) {
            ObjectNode bookmark = JSON.createObjectNode().put("kind", "Secret").put("apiVersion", "v1");
            bookmark.putObject("metadata").put("resourceVersion", String.valueOf(revision));
            out.append(event("BOOKMARK", bookmark));
        }
        return out.toString();
    }

    /** Creates a Secret of type Opaque, as {@code kubectl create secret generic} would. */
    void seed(String namespace, String name, Map<String, String> data, Map<String, String> labels) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode metadata = body.putObject("metadata").put("name", name);
        if (!labels.isEmpty()) {
            labels.forEach(metadata.putObject("labels")::put);
        }
        ObjectNode encoded = body.putObject("data");
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        body.put("type", "Opaque");
        create(namespace, body, "ferry-emulate-seed", false);
    }

    private ObjectNode replace(String namespace, String name, ObjectNode stored, Normalized in, String manager,
                               boolean dryRun) {
        in.validate(name);
        String storedType = stored.path("type").asText();
        if (!storedType.equals(in.type())) {
            throw ApiStatus.invalid(name, "type: Invalid value: \"" + in.type() + "\": field is immutable");
        }
        if (stored.path("immutable").asBoolean(false)) {
            if (!stored.path("data").equals(in.data())) {
                throw ApiStatus.invalid(name, "data: Forbidden: field is immutable when `immutable` is set");
            }
            if (!Boolean.TRUE.equals(in.immutable())) {
                throw ApiStatus.invalid(name, "immutable: Forbidden: field is immutable when `immutable` is set");
            }
        }
        JsonNode metadata = stored.path("metadata");
        ObjectNode secret = in.toSecret(name, namespace, metadata.path("uid").asText(),
                metadata.path("creationTimestamp").asText(), null);
        if (withoutBookkeeping(secret).equals(withoutBookkeeping(stored))) {
            return stored;
        }
        String now = now();
        if (dryRun) {
            stamp(secret, version(stored), manager, now, metadata.path("managedFields"));
            return secret;
        }
        stamp(secret, String.valueOf(++revision), manager, now, metadata.path("managedFields"));
        secrets(namespace).put(name, secret);
        record(namespace, "MODIFIED", secret, stored);
        return secret;
    }

    private void remove(String namespace, String name, ObjectNode stored) {
        secrets(namespace).remove(name);
        ObjectNode gone = stored.deepCopy();
        ((ObjectNode) gone.get("metadata")).put("resourceVersion", String.valueOf(++revision));
        record(namespace, "DELETED", gone, stored);
    }

    private void record(String namespace, String type, ObjectNode object, ObjectNode previous) {
        history.addLast(new Event(revision, namespace, type, object, previous));
        trim();
    }

    private void trim() {
        while (history.size() > historyLimit) {
            compactedThrough = history.removeFirst().version();
        }
    }

    private static void stamp(ObjectNode secret, String version, String manager, String now, JsonNode managedBefore) {
        ObjectNode metadata = (ObjectNode) secret.get("metadata");
        metadata.put("resourceVersion", version);
        ArrayNode managed = metadata.putArray("managedFields");
        if (managedBefore != null && managedBefore.isArray()) {
            for (JsonNode entry : managedBefore) {
                if (!entry.path("manager").asText().equals(manager)) {
                    managed.add(entry);
                }
            }
        }
        ObjectNode entry = managed.addObject().put("manager", manager).put("operation", "Update")
                .put("apiVersion", "v1").put("time", now).put("fieldsType", "FieldsV1");
        entry.putObject("fieldsV1");
    }

    private static ObjectNode withoutBookkeeping(ObjectNode secret) {
        ObjectNode copy = secret.deepCopy();
        ((ObjectNode) copy.get("metadata")).remove(MANAGED_AWAY);
        return copy;
    }

    private static boolean selected(JsonNode secret, LabelSelector labels, FieldSelector fields) {
        Map<String, String> found = new TreeMap<>();
        secret.path("metadata").path("labels").fields().forEachRemaining(e -> found.put(e.getKey(), e.getValue().asText()));
        return labels.matches(found) && fields.matches(secret);
    }

    private TreeMap<String, ObjectNode> secrets(String namespace) {
        TreeMap<String, ObjectNode> found = namespaces.get(namespace);
        return found == null ? new TreeMap<>() : found;
    }

    /** @return the Secrets of one namespace by name, or of all by namespace/name */
    private NavigableMap<String, ObjectNode> all(String namespace) {
        if (namespace != null) {
            return secrets(namespace);
        }
        TreeMap<String, ObjectNode> all = new TreeMap<>();
        namespaces.forEach((ns, secrets) -> secrets.forEach((name, secret) -> all.put(ns + "/" + name, secret)));
        return all;
    }

    private ObjectNode list(ArrayNode items, String next, Long remaining) {
        ObjectNode list = JSON.createObjectNode().put("kind", "SecretList").put("apiVersion", "v1");
        ObjectNode metadata = list.putObject("metadata").put("resourceVersion", String.valueOf(revision));
        if (next != null) {
            metadata.put("continue", next);
            metadata.put("remainingItemCount", remaining);
        }
        ArrayNode listed = list.putArray("items");
        for (JsonNode item : items) {
            ObjectNode copy = (ObjectNode) item.deepCopy();
            copy.remove("kind");
            copy.remove("apiVersion");
            listed.add(copy);
        }
        return list;
    }

    private static String event(String type, ObjectNode object) {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        event.set("object", object);
        return event + "\n";
    }

    private static String version(JsonNode secret) {
        return secret.path("metadata").path("resourceVersion").asText();
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A continue token as the API server makes it: base64url of its version and the key to start after. */
    private record ContinueToken(long version, String start) {

        String encode() {
            ObjectNode node = JSON.createObjectNode().put("v", "meta.k8s.io/v1").put("rv", version).put("start", start);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
        }

        static ContinueToken decode(String token) {
            try {
                JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(token));
                if (node != null && node.path("rv").canConvertToLong() && node.path("start").isTextual()) {
                    return new ContinueToken(node.path("rv").asLong(), node.path("start").asText());
                }
            } catch (IllegalArgumentException | java.io.IOException e) {
                // answered below
            }
            throw ApiStatus.badRequest("continue key is not valid: give the continue value of the previous page");
        }
    }

    /** A request's Secret, read into the fields the store keeps, with stringData folded into data. */
    private record Normalized(String name, String generateName, String resourceVersion, Map<String, String> labels,
                              Map<String, String> annotations, ObjectNode data, Map<String, Integer> sizes, String type,
                              Boolean immutable) {

        static Normalized of(JsonNode body, String namespace, String urlName) {
            if (body == null || !body.isObject()) {
                throw ApiStatus.badRequest("the body of the request is not a JSON object of kind Secret");
            }
            if (body.hasNonNull("kind") && !body.get("kind").asText().equals("Secret")) {
                throw ApiStatus.badRequest("Secret in version \"v1\" cannot be handled as a " + body.get("kind").asText());
            }
            JsonNode metadata = body.path("metadata");
            String name = text(metadata, "name");
            if (urlName != null && name != null && !urlName.equals(name)) {
                throw ApiStatus.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                        + urlName + ")");
            }
            String ns = text(metadata, "namespace");
            if (ns != null && !ns.equals(namespace)) {
                throw ApiStatus.badRequest("the namespace of the provided object does not match the namespace sent on "
                        + "the request");
            }
            String label = urlName != null ? urlName : name;
            TreeMap<String, byte[]> bytes = new TreeMap<>();
            JsonNode data = body.path("data");
            for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    bytes.put(e.getKey(), e.getValue().isNull() ? new byte[0] : Base64.getDecoder().decode(e.getValue().asText()));
                } catch (IllegalArgumentException bad) {
                    throw ApiStatus.badRequest("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data "
                            + "in data[" + e.getKey() + "]");
                }
            }
            body.path("stringData").fields().forEachRemaining(e ->
                    bytes.put(e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            ObjectNode encoded = JSON.createObjectNode();
            Map<String, Integer> sizes = new TreeMap<>();
            bytes.forEach((k, v) -> {
                encoded.put(k, Base64.getEncoder().encodeToString(v));
                sizes.put(k, v.length);
            });
            String type = body.hasNonNull("type") ? body.get("type").asText() : "Opaque";
            Boolean immutable = body.hasNonNull("immutable") ? body.get("immutable").asBoolean() : null;
            return new Normalized(urlName != null ? urlName : name, text(metadata, "generateName"),
                    text(metadata, "resourceVersion"), strings(metadata.path("labels"), label),
                    strings(metadata.path("annotations"), label), encoded, sizes, type, immutable);
        }

        void validate(String secretName) {
            List<String> causes = Validation.secret(secretName, type, sizes, labels, annotations);
            if (!causes.isEmpty()) {
                throw ApiStatus.invalid(secretName, causes.size() == 1 ? causes.get(0) : causes.toString());
            }
        }

        ObjectNode toSecret(String secretName, String namespace, String uid, String created, String version) {
            ObjectNode secret = JSON.createObjectNode().put("kind", "Secret").put("apiVersion", "v1");
            ObjectNode metadata = secret.putObject("metadata").put("name", secretName);
            if (generateName != null) {
                metadata.put("generateName", generateName);
            }
            metadata.put("namespace", namespace).put("uid", uid);
            if (version != null) {
                metadata.put("resourceVersion", version);
            }
            metadata.put("creationTimestamp", created);
            if (!labels.isEmpty()) {
                labels.forEach(metadata.putObject("labels")::put);
            }
            if (!annotations.isEmpty()) {
                annotations.forEach(metadata.putObject("annotations")::put);
            }
            if (immutable != null) {
                secret.put("immutable", immutable);
            }
            if (data.size() > 0) {
                secret.set("data", data);
            }
            secret.put("type", type);
            return secret;
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
        }

        private static Map<String, String> strings(JsonNode node, String name) {
            TreeMap<String, String> out = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw ApiStatus.badRequest("Secret in version \"v1\" cannot be handled as a Secret: the label or "
                            + "annotation '" + e.getKey() + "' of " + name + " is not a string");
                }
                out.put(e.getKey(), e.getValue().asText());
            }
            return out;
        }
    }
}
