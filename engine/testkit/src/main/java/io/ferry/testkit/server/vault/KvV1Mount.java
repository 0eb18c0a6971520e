package io.ferry.testkit.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.testkit.server.WireRequest;
import io.ferry.testkit.server.WireResponse;
import java.util.Map;
import java.util.TreeMap;

/** A KV version 1 mount: each path holds one JSON object, replaced by every write, with no versions or metadata. */
final class KvV1Mount extends KvMount {

    private final Map<String, JsonNode> entries = new TreeMap<>();

    KvV1Mount(String path) {
        super(path);
    }

    @Override
    int version() {
        return 1;
    }

    @Override
    WireResponse handle(String method, String rest, WireRequest request) {
        switch (method) {
            case "LIST" -> {
                return list(entries.keySet(), folder(rest));
            }
            case "GET" -> {
                JsonNode data = entries.get(rest);
                if (data == null) {
                    return VaultJson.errors(404);
                }
                return VaultJson.ok(data.deepCopy());
            }
            case "POST", "PUT" -> {
                if (rest.isEmpty() || rest.endsWith("/")) {
                    return VaultJson.errors(400, "1 error occurred:\n\t* missing path\n\n");
                }
                ObjectNode body = VaultJson.parseObject(request.body());
                if (body == null) {
                    return VaultJson.errors(400, "failed to parse JSON input: a JSON object is required");
                }
                if (request.body().length > MAX_ENTRY_BYTES) {
                    return tooLarge(request.body().length);
                }
                entries.put(rest, VaultJson.sorted(body));
                return WireResponse.empty(204);
            }
            case "DELETE" -> {
                entries.remove(rest);
                return WireResponse.empty(204);
            }
            default -> {
                return unsupported();
            }
        }
    }
}
