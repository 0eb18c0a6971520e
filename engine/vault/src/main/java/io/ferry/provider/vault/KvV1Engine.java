package io.ferry.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KV version 1: one JSON object per path, replaced by every write, with no versions, no metadata and
 * no check-and-set.
 *
 * <p>What version 2 keeps in metadata, version 1 keeps in one reserved field of the secret itself,
 * {@value KvCodec#SIDECAR}: an object with the record's {@code tags}, a {@code version} counter that
 * the engine raises on every write (so that if-version writes and deletes can be checked), and the
 * {@code write-token} of the write that made it (so that a repeated write is recognised). Secrets
 * written by others have no such field: they read with no tags and no version.
 *
 * <p>Vault offers no concurrency control on version 1, so the checks are a read followed by a write.
 * Within one provider, conditional writes and deletes of one key are serialised, so that they are
 * exact against each other; a writer outside this provider can still slip in between.
 */
final class KvV1Engine implements KvEngine {

    private static final int STRIPES = 64;

    private final VaultHttp http;
    private final String mount;
    private final String where;
    private final Object[] stripes = new Object[STRIPES];

    /**
     * @param http the API
     * @param mount the mount's path without slashes
     * @param where Vault's address and mount, for messages
     */
    KvV1Engine(VaultHttp http, String mount, String where) {
        this.http = http;
        this.mount = mount;
        this.where = where;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public Optional<SecretRecord> read(String key, String path) {
        return raw(key, path).map(stored -> record(key, stored));
    }

    @Override
    public List<SecretRecord> history(String key, String path) {
        return read(key, path).map(List::of).orElse(List.of());
    }

    @Override
    public WriteResult write(String key, String path, SecretRecord record, WriteCondition condition, WriteOptions options) {
        ObjectNode fields = KvCodec.encode(record, VaultProvider.CONSTRAINTS.maxValueBytes());
        String token = options.idempotencyToken();
        synchronized (stripe(path)) {
            Optional<ObjectNode> current = raw(key, path);
            JsonNode sidecar = current.map(c -> c.path(KvCodec.SIDECAR)).orElse(null);
            String currentVersion = sidecar == null || !sidecar.path("version").isTextual() ? null : sidecar.path("version").asText();
            if (token != null && current.isPresent() && token.equals(sidecar.path("write-token").asText(null))
                    && fields.equals(withoutSidecar(current.get()))) {
                return new WriteResult(currentVersion, "1".equals(currentVersion));
            }
            if (condition.mode() == WriteCondition.Mode.CREATE_ONLY && current.isPresent()) {
                throw new ProviderException(Kind.EXISTS, key, "'" + key + "' already exists in Vault at " + where
                        + "; update it instead");
            }
            if (condition.mode() == WriteCondition.Mode.IF_VERSION
                    && (current.isEmpty() || !condition.version().equals(currentVersion))) {
                throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' is not at version " + condition.version()
                        + " in Vault at " + where + ": it is missing or someone else changed it; plan again");
            }
            long next = currentVersion == null ? 1 : parse(currentVersion) + 1;
            ObjectNode body = fields.deepCopy();
            ObjectNode meta = body.putObject(KvCodec.SIDECAR);
            meta.put("version", Long.toString(next));
            ObjectNode tags = meta.putObject("tags");
            record.tags().forEach(tags::put);
            if (token != null) {
                meta.put("write-token", token);
            }
            VaultHttp.Reply reply = http.post(key, apiPath(path), body);
            if (!reply.ok()) {
                throw VaultErrors.of(where, reply.status(), reply.body(), null, key, apiPath(path));
            }
            return new WriteResult(Long.toString(next), current.isEmpty());
        }
    }

    @Override
    public boolean delete(String key, String path, String ifVersion) {
        synchronized (stripe(path)) {
            Optional<SecretRecord> current = read(key, path);
            if (current.isEmpty()) {
                return false;
            }
            if (ifVersion != null && !ifVersion.equals(current.get().version())) {
                throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' is at version " + current.get().version()
                        + ", not " + ifVersion + ", in Vault at " + where + "; someone else changed it, plan again");
            }
            remove(key, path);
            return true;
        }
    }

    @Override
    public void remove(String key, String path) {
        VaultHttp.Reply reply = http.delete(key, apiPath(path));
        if (!reply.ok() && reply.status() != 404) {
            throw VaultErrors.of(where, reply.status(), reply.body(), null, key, apiPath(path));
        }
    }

    @Override
    public List<String> folder(String folder) {
        VaultHttp.Reply reply = http.list(null, mount + "/" + folder);
        if (reply.status() == 404) {
            return List.of();
        }
        if (!reply.ok()) {
            throw VaultErrors.of(where, reply.status(), reply.body(), null, null, mount + "/" + folder);
        }
        List<String> names = new ArrayList<>();
        reply.data().path("keys").forEach(k -> names.add(k.asText()));
        return names;
    }

    @Override
    public Optional<SecretSummary> summary(String key, String path) {
        return read(key, path).map(SecretSummary::of);
    }

    @Override
    public boolean isSoftDeleted(String key, String path) {
        return false;
    }

    @Override
    public void recover(String key, String path) {
        throw new ProviderException(Kind.INVALID, key, "KV version 1 at " + where
                + " keeps no deleted secrets, so there is nothing to recover for '" + key + "'");
    }

    @Override
    public void purge(String key, String path) {
        throw new ProviderException(Kind.INVALID, key, "KV version 1 at " + where
                + " keeps no deleted secrets, so there is nothing to purge for '" + key + "'");
    }

    private Optional<ObjectNode> raw(String key, String path) {
        VaultHttp.Reply reply = http.get(key, apiPath(path), Map.of());
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (!reply.ok()) {
            throw VaultErrors.of(where, reply.status(), reply.body(), null, key, apiPath(path));
        }
        JsonNode data = reply.data();
        return data.isObject() ? Optional.of((ObjectNode) data) : Optional.empty();
    }

    private static SecretRecord record(String key, ObjectNode stored) {
        JsonNode sidecar = stored.path(KvCodec.SIDECAR);
        KvCodec.Decoded decoded = KvCodec.decode(withoutSidecar(stored));
        return SecretRecord.builder(key)
                .value(decoded.value())
                .contentType(decoded.contentType())
                .tags(KvV2Engine.strings(sidecar.path("tags")))
                .version(sidecar.path("version").isTextual() ? sidecar.path("version").asText() : null)
                .build();
    }

    private static ObjectNode withoutSidecar(ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        copy.remove(KvCodec.SIDECAR);
        return copy;
    }

    private long parse(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Object stripe(String path) {
        return stripes[Math.floorMod(path.hashCode(), STRIPES)];
    }

    private String apiPath(String path) {
        return mount + "/" + path;
    }
}
