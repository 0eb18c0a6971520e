package io.ferry.testkit.server.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The patches a client may send: a JSON Patch (RFC 6902, {@code application/json-patch+json}) and a
 * JSON merge patch (RFC 7386, {@code application/merge-patch+json}). A strategic merge patch of a
 * Secret is a merge patch too, since a Secret's fields are maps and scalars. A patch that cannot be
 * applied is refused with 422, as the API server refuses it.
 */
final class Patches {

    private Patches() {
    }

    /**
     * @param target the stored object, as JSON; not changed
     * @param patch the operations
     * @return the patched copy
     * @throws ApiStatus 400 when the patch is not a list of operations, 422 when an operation fails
     */
    static JsonNode jsonPatch(JsonNode target, JsonNode patch, String name) {
        if (!patch.isArray()) {
            throw ApiStatus.badRequest("a JSON patch is a JSON array of operations");
        }
        JsonNode doc = target.deepCopy();
        for (JsonNode op : patch) {
            String kind = op.path("op").asText("");
            List<String> path = pointer(op.path("path").asText(null), name);
            switch (kind) {
                case "add" -> doc = add(doc, path, value(op, name), name);
                case "remove" -> {
                    get(doc, path, name);
                    doc = remove(doc, path, name);
                }
                case "replace" -> {
                    get(doc, path, name);
                    doc = add(remove(doc, path, name), path, value(op, name), name);
                }
                case "move" -> {
                    List<String> from = pointer(op.path("from").asText(null), name);
                    JsonNode moved = get(doc, from, name).deepCopy();
                    doc = add(remove(doc, from, name), path, moved, name);
                }
                case "copy" -> {
                    List<String> from = pointer(op.path("from").asText(null), name);
                    doc = add(doc, path, get(doc, from, name).deepCopy(), name);
                }
                case "test" -> {
                    if (!get(doc, path, name).equals(value(op, name))) {
                        throw unprocessable(name, "testing value " + op.path("path").asText() + " failed");
                    }
                }
                default -> throw unprocessable(name, "unexpected kind of operation: '" + kind + "'");
            }
        }
        return doc;
    }

    /**
     * @param target the stored object, as JSON; not changed
     * @param patch the merge patch: null removes a field, an object merges, anything else replaces
     * @return the patched copy
     */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : ((ObjectNode) patch).objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    private static JsonNode value(JsonNode op, String name) {
        JsonNode value = op.get("value");
        if (value == null) {
            throw unprocessable(name, "operation " + op.path("op").asText() + " has no value");
        }
        return value;
    }

    private static List<String> pointer(String pointer, String name) {
        if (pointer == null || (!pointer.isEmpty() && !pointer.startsWith("/"))) {
            throw unprocessable(name, "a patch path is a JSON pointer such as /data/password, not '" + pointer + "'");
        }
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static JsonNode get(JsonNode doc, List<String> path, String name) {
        JsonNode node = doc;
        for (String token : path) {
            JsonNode next = node.isArray() ? node.get(index(token, node.size() - 1, name)) : node.get(token);
            if (next == null) {
                throw unprocessable(name, "the path /" + String.join("/", path) + " does not exist");
            }
            node = next;
        }
        return node;
    }

    private static JsonNode add(JsonNode doc, List<String> path, JsonNode value, String name) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = get(doc, path.subList(0, path.size() - 1), name);
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.insert(last.equals("-") ? array.size() : index(last, array.size(), name), value);
        } else {
            throw unprocessable(name, "the parent of /" + String.join("/", path) + " is not an object or array");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, List<String> path, String name) {
        if (path.isEmpty()) {
            throw unprocessable(name, "the whole object cannot be removed");
        }
        JsonNode parent = get(doc, path.subList(0, path.size() - 1), name);
        String last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.remove(last);
        } else if (parent instanceof ArrayNode array) {
            array.remove(index(last, array.size() - 1, name));
        }
        return doc;
    }

    private static int index(String token, int max, String name) {
        try {
            int i = Integer.parseInt(token);
            if (i >= 0 && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw unprocessable(name, "array index '" + token + "' is out of range");
    }

    private static ApiStatus unprocessable(String name, String why) {
        return new ApiStatus(422, "Invalid", "the server rejected our request due to an error in our request: " + why,
                name);
    }
}
