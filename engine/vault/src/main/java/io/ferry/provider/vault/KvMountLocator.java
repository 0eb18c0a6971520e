package io.ferry.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds the KV mount a path lies in and its version, as Vault's own CLI does: from
 * {@code sys/internal/ui/mounts/PATH}, which any token allowed to use the path may read, and
 * failing that from {@code sys/mounts}, which needs a broader policy. With {@code kv=1} or
 * {@code kv=2} given, the path is taken to be the mount and nothing is asked.
 */
final class KvMountLocator {

    /**
     * Where a provider's secrets live.
     *
     * @param path the mount's path without slashes, such as {@code kv/team}
     * @param version 1 or 2
     * @param below the part of the given path below the mount, empty or ending in a slash, which scopes the view
     */
    record Located(String path, int version, String below) {
    }

    private KvMountLocator() {
    }

    static Located locate(VaultSettings settings, VaultHttp http) {
        if (settings.kv() != 0) {
            return new Located(settings.mount(), settings.kv(), "");
        }
        String given = settings.mount() + "/";
        VaultHttp.Reply reply = null;
        try {
            reply = http.get(null, "sys/internal/ui/mounts/" + settings.mount(), Map.of());
        } catch (ProviderException e) {
            if (e.kind() != Kind.DENIED) {
                throw e;
            }
        }
        JsonNode mount = reply != null && reply.ok() ? reply.data() : null;
        String mountPath = mount == null ? null : mount.path("path").asText(null);
        if (mountPath == null) {
            VaultHttp.Reply table = http.get(null, "sys/mounts", Map.of());
            if (table.ok()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = table.data().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (given.startsWith(e.getKey()) && (mountPath == null || e.getKey().length() > mountPath.length())) {
                        mountPath = e.getKey();
                        mount = e.getValue();
                    }
                }
            }
        }
        if (mountPath == null || mount == null) {
            throw new ProviderException(Kind.INVALID, null, "no secrets engine is mounted at '" + settings.mount()
                    + "' on Vault at " + settings.address() + (reply == null ? "" : " (" + VaultErrors.said(reply.status()) + ")")
                    + "; check the mount path (vault secrets list), or give kv=1 or kv=2 if the token may not read mounts");
        }
        String type = mount.path("type").asText("");
        if (!type.equals("kv") && !type.equals("generic")) {
            throw new ProviderException(Kind.INVALID, null, "'" + mountPath + "' on Vault at " + settings.address()
                    + " is a " + type + " secrets engine, not KV; point the provider at a KV mount");
        }
        int version = "2".equals(mount.path("options").path("version").asText("1")) ? 2 : 1;
        String path = VaultSettings.trimSlashes(mountPath);
        String below = given.length() > mountPath.length() ? given.substring(mountPath.length()) : "";
        return new Located(path, version, below);
    }
}
