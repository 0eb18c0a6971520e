package io.ferry.testkit.server.vault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.testkit.server.WireRequest;
import io.ferry.testkit.server.WireResponse;
import java.util.Collection;
import java.util.TreeSet;

/**
 * One KV secrets engine mounted at a path: version 1 (plain paths) or version 2 (versioned, with
 * metadata). A mount is guarded by its server's lock; it is not thread-safe on its own.
 */
abstract sealed class KvMount permits KvV1Mount, KvV2Mount {

    /** Vault's limit on one storage entry with the integrated storage backend. */
    static final int MAX_ENTRY_BYTES = 1024 * 1024;

    private final String path;

    /** @param path the mount's path, ending in a slash, such as {@code secret/} */
    KvMount(String path) {
        this.path = path;
    }

    /** @return the mount's path, ending in a slash */
    final String path() {
        return path;
    }

    /** @return the KV version, 1 or 2 */
    abstract int version();

    /**
     * Answers a request for a path inside this mount.
     *
     * @param method the HTTP method, {@code LIST} for a listing however it was asked for
     * @param rest the path after the mount's path
     * @param request the request
     * @return the answer
     */
    abstract WireResponse handle(String method, String rest, WireRequest request);

    /** @return the mount as {@code sys/mounts} describes it */
    final ObjectNode describe() {
        ObjectNode mount = VaultJson.object();
        mount.put("accessor", "kv_" + Integer.toHexString(path.hashCode()));
        mount.set("config", VaultJson.object().put("default_lease_ttl", 0).put("max_lease_ttl", 0));
        mount.put("description", version() == 2 ? "key/value secret storage" : "key/value storage, version 1");
        mount.put("external_entropy_access", false);
        mount.put("local", false);
        mount.set("options", VaultJson.object().put("version", Integer.toString(version())));
        mount.put("plugin_version", "");
        mount.put("running_plugin_version", "v0.20.0+builtin");
        mount.put("seal_wrap", false);
        mount.put("type", "kv");
        mount.put("uuid", java.util.UUID.nameUUIDFromBytes(path.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        return mount;
    }

    /**
     * The one-level listing of a folder, as Vault's LIST gives it: the names directly under it, and
     * each sub-folder once with a trailing slash.
     *
     * @param keys every stored path
     * @param folder the folder, empty for the top or ending in a slash
     * @return the answer: the sorted names, or 404 when there are none
     */
    static WireResponse list(Collection<String> keys, String folder) {
        TreeSet<String> names = new TreeSet<>(VaultJson.GO_ORDER);
        for (String key : keys) {
            if (key.startsWith(folder) && key.length() > folder.length()) {
                String rest = key.substring(folder.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        if (names.isEmpty()) {
            return VaultJson.errors(404);
        }
        ObjectNode data = VaultJson.object();
        ArrayNode list = data.putArray("keys");
        names.forEach(list::add);
        return VaultJson.ok(data);
    }

    /** @return the folder a LIST names: its path with exactly one trailing slash, or empty for the top */
    static String folder(String path) {
        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? "" : trimmed + "/";
    }

    static WireResponse unsupported() {
        return VaultJson.errors(405, "1 error occurred:\n\t* unsupported operation\n\n");
    }

    static WireResponse tooLarge(int size) {
        return VaultJson.errors(413, "put failed due to value being too large; got " + size
                + " bytes, max: " + MAX_ENTRY_BYTES + " bytes");
    }
}
