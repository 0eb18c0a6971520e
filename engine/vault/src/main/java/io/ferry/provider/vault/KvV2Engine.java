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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * KV version 2: versioned secrets with metadata.
 *
 * <p>A record's tags are the secret's custom_metadata (which Vault keeps per secret, not per
 * version), and its version is Vault's version number. Writes use check-and-set: a create-only
 * write sends {@code cas=0}, an if-version write {@code cas=N}, and an upsert reads the current
 * version and sends it, trying once more if another writer got in between. The value goes first and
 * the custom_metadata second, since Vault writes them in separate requests. An idempotency token is
 * kept in custom_metadata as {@value #WRITE_TOKEN}: a write whose check-and-set fails, or an upsert,
 * that finds exactly its own fields at the current version, under its own token or under none (the
 * mark of a write whose answer or whose custom_metadata write was lost), reports that version, and
 * completes the custom_metadata if it was missing, instead of making another. Another token at the
 * current version means another write: the check-and-set failure stands.
 *
 * <p>{@link #delete} removes the metadata and every version ({@code DELETE metadata/}), since a
 * deleted record must be gone. A version deleted by {@code DELETE data/} or {@code delete/}
 * (Vault's soft delete) is what {@link #isSoftDeleted} detects, {@link #recover} undeletes and
 * {@link #purge} removes with the rest of the secret.
 */
final class KvV2Engine implements KvEngine {

    /** The custom_metadata key holding the idempotency token of the write that made the current version. */
    static final String WRITE_TOKEN = "ferry-write-token";

    private final VaultHttp http;
    private final String mount;
    private final String where;

    /**
     * @param http the API
     * @param mount the mount's path without slashes
     * @param where Vault's address and mount, for messages
     */
    KvV2Engine(VaultHttp http, String mount, String where) {
        this.http = http;
        this.mount = mount;
        this.where = where;
    }

    /** A secret's metadata, as far as writes and deletes need it. */
    private record Metadata(int current, Map<String, String> custom, Instant created, Map<Integer, VersionState> versions) {

        VersionState currentState() {
            return versions.get(current);
        }

        boolean currentLive(Instant now) {
            VersionState state = currentState();
            return state != null && state.live(now);
        }

        String token() {
            return custom.get(WRITE_TOKEN);
        }
    }

    private record VersionState(Instant created, Instant deletion, boolean destroyed) {

        boolean live(Instant now) {
            return !destroyed && (deletion == null || deletion.isAfter(now));
        }
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public Optional<SecretRecord> read(String key, String path) {
        VaultHttp.Reply reply = http.get(key, dataPath(path), Map.of());
        return recordFrom(key, reply, null);
    }

    @Override
    public List<SecretRecord> history(String key, String path) {
        Metadata meta = metadata(key, path);
        List<SecretRecord> history = new ArrayList<>();
        if (meta == null) {
            return history;
        }
        Instant now = Instant.now();
        meta.versions().forEach((number, state) -> {
            if (state.live(now)) {
                recordFrom(key, http.get(key, dataPath(path), Map.of("version", Integer.toString(number))), meta.created())
                        .ifPresent(history::add);
            }
        });
        return history;
    }

    @Override
    public WriteResult write(String key, String path, SecretRecord record, WriteCondition condition, WriteOptions options) {
        ObjectNode fields = KvCodec.encode(record, VaultProvider.CONSTRAINTS.maxValueBytes());
        String token = options.idempotencyToken();
        ObjectNode custom = VaultHttp.JSON.createObjectNode();
        record.tags().forEach(custom::put);
        if (token != null) {
            custom.put(WRITE_TOKEN, token);
        }
        return switch (condition.mode()) {
            case CREATE_ONLY -> conditional(key, path, fields, custom, 0, token, true);
            case IF_VERSION -> conditional(key, path, fields, custom, versionNumber(key, condition.version()), token, false);
            case UPSERT -> upsert(key, path, fields, custom, token);
        };
    }

    private WriteResult conditional(String key, String path, ObjectNode fields, ObjectNode custom, int cas, String token,
                                    boolean createOnly) {
        VaultHttp.Reply reply = postData(key, path, fields, cas);
        if (reply.ok()) {
            return finish(key, path, reply, custom, createOnly);
        }
        if (VaultErrors.casMismatch(reply.body())) {
            Optional<WriteResult> replayed = token == null ? Optional.empty() : replay(key, path, metadata(key, path), token, fields, custom);
            if (replayed.isPresent()) {
                return replayed.get();
            }
            throw createOnly
                    ? new ProviderException(Kind.EXISTS, key, "'" + key + "' already exists in Vault at " + where
                            + " (or is soft-deleted there); update it instead, or recover or purge it first")
                    : new ProviderException(Kind.CONFLICT, key, "'" + key + "' is not at version " + cas + " in Vault at "
                            + where + ": it is missing or someone else changed it; plan again");
        }
        throw VaultErrors.of(where, reply.status(), reply.body(), null, key, dataPath(path));
    }

    private WriteResult upsert(String key, String path, ObjectNode fields, ObjectNode custom, String token) {
        for (int attempt = 0; ; attempt++) {
            Metadata meta = metadata(key, path);
            if (token != null) {
                Optional<WriteResult> replayed = replay(key, path, meta, token, fields, custom);
                if (replayed.isPresent()) {
                    return replayed.get();
                }
            }
            int cas = meta == null ? 0 : meta.current();
            VaultHttp.Reply reply = postData(key, path, fields, cas);
            if (reply.ok()) {
                return finish(key, path, reply, custom, meta == null || !meta.currentLive(Instant.now()));
            }
            if (!VaultErrors.casMismatch(reply.body())) {
                throw VaultErrors.of(where, reply.status(), reply.body(), null, key, dataPath(path));
            }
            if (attempt == 1) {
                throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' in Vault at " + where
                        + " kept changing while it was written; another writer is at work, run again");
            }
        }
    }

    /**
     * Recognises a write that already happened: the current version holds exactly these fields and
     * its custom_metadata carries this token, or no token at all, which is what a write leaves when
     * its answer, or the custom_metadata write after it, was lost. In that last case the tags and
     * the token are written now.
     *
     * @return the current version's result, or empty when the current version is not this write's
     */
    private Optional<WriteResult> replay(String key, String path, Metadata meta, String token, ObjectNode fields,
                                         ObjectNode custom) {
        if (meta == null || !meta.currentLive(Instant.now()) || (meta.token() != null && !token.equals(meta.token()))) {
            return Optional.empty();
        }
        VaultHttp.Reply reply = http.get(key, dataPath(path), Map.of("version", Integer.toString(meta.current())));
        if (!reply.ok() || !fields.equals(reply.data().get("data"))) {
            return Optional.empty();
        }
        if (meta.token() == null) {
            tag(key, path, Integer.toString(meta.current()), custom);
        }
        return Optional.of(new WriteResult(Integer.toString(meta.current()), meta.current() == 1));
    }

    private VaultHttp.Reply postData(String key, String path, ObjectNode fields, int cas) {
        ObjectNode body = VaultHttp.JSON.createObjectNode();
        body.putObject("options").put("cas", cas);
        body.set("data", fields);
        return http.post(key, dataPath(path), body);
    }

    private WriteResult finish(String key, String path, VaultHttp.Reply written, ObjectNode custom, boolean created) {
        String version = written.data().path("version").asText();
        tag(key, path, version, custom);
        return new WriteResult(version, created);
    }

    /** Writes the custom_metadata that goes with a version just written. */
    private void tag(String key, String path, String version, ObjectNode custom) {
        ObjectNode body = VaultHttp.JSON.createObjectNode();
        body.set("custom_metadata", custom);
        VaultHttp.Reply tagged;
        try {
            tagged = http.post(key, metadataPath(path), body);
        } catch (ProviderException e) {
            throw new ProviderException(e.kind(), key, "the value of '" + key + "' was written as version " + version
                    + " but its tags were not: " + e.getMessage() + "; write it again with the same idempotency token",
                    e.retryable(), e.retryAfter(), e);
        }
        if (!tagged.ok()) {
            throw new ProviderException(Kind.INVALID, key, "the value of '" + key + "' was written as version " + version
                    + " but Vault at " + where + " refused its tags (" + VaultErrors.said(tagged.status())
                    + "); fix the tags and write it again");
        }
    }

    @Override
    public boolean delete(String key, String path, String ifVersion) {
        Metadata meta = metadata(key, path);
        if (meta == null) {
            return false;
        }
        if (ifVersion != null && !ifVersion.equals(Integer.toString(meta.current()))) {
            throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' is at version " + meta.current()
                    + ", not " + ifVersion + ", in Vault at " + where + "; someone else changed it, plan again");
        }
        boolean live = meta.currentLive(Instant.now());
        remove(key, path);
        return live;
    }

    @Override
    public void remove(String key, String path) {
        VaultHttp.Reply reply = http.delete(key, metadataPath(path));
        if (!reply.ok() && reply.status() != 404) {
            throw VaultErrors.of(where, reply.status(), reply.body(), null, key, metadataPath(path));
        }
    }

    @Override
    public List<String> folder(String folder) {
        VaultHttp.Reply reply = http.list(null, mount + "/metadata/" + folder);
        if (reply.status() == 404) {
            return List.of();
        }
        if (!reply.ok()) {
            throw VaultErrors.of(where, reply.status(), reply.body(), null, null, mount + "/metadata/" + folder);
        }
        List<String> names = new ArrayList<>();
        reply.data().path("keys").forEach(k -> names.add(k.asText()));
        return names;
    }

    @Override
    public Optional<SecretSummary> summary(String key, String path) {
        Metadata meta = metadata(key, path);
        if (meta == null || !meta.currentLive(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(new SecretSummary(key, Integer.toString(meta.current()), meta.currentState().created(),
                tags(meta.custom())));
    }

    @Override
    public boolean isSoftDeleted(String key, String path) {
        Metadata meta = metadata(key, path);
        if (meta == null) {
            return false;
        }
        VersionState current = meta.currentState();
        return current != null && !current.destroyed() && !current.live(Instant.now());
    }

    @Override
    public void recover(String key, String path) {
        Metadata meta = requireSoftDeleted(key, path, "recover");
        ObjectNode body = VaultHttp.JSON.createObjectNode();
        body.putArray("versions").add(meta.current());
        VaultHttp.Reply reply = http.post(key, mount + "/undelete/" + path, body);
        if (!reply.ok()) {
            throw VaultErrors.of(where, reply.status(), reply.body(), null, key, mount + "/undelete/" + path);
        }
    }

    @Override
    public void purge(String key, String path) {
        requireSoftDeleted(key, path, "purge");
        remove(key, path);
    }

    private Metadata requireSoftDeleted(String key, String path, String action) {
        if (!isSoftDeleted(key, path)) {
            throw new ProviderException(Kind.NOT_FOUND, key, "'" + key + "' is not soft-deleted in Vault at " + where
                    + ", so there is nothing to " + action + "; check the key with ferry ls");
        }
        return metadata(key, path);
    }

    private Metadata metadata(String key, String path) {
        VaultHttp.Reply reply = http.get(key, metadataPath(path), Map.of());
        if (reply.status() == 404) {
            return null;
        }
        if (!reply.ok()) {
            throw VaultErrors.of(where, reply.status(), reply.body(), null, key, metadataPath(path));
        }
        JsonNode data = reply.data();
        Map<Integer, VersionState> versions = new TreeMap<>();
        data.path("versions").fields().forEachRemaining(e -> versions.put(Integer.parseInt(e.getKey()),
                new VersionState(time(e.getValue().path("created_time")), time(e.getValue().path("deletion_time")),
                        e.getValue().path("destroyed").asBoolean())));
        return new Metadata(data.path("current_version").asInt(), strings(data.path("custom_metadata")),
                time(data.path("created_time")), versions);
    }

    private Optional<SecretRecord> recordFrom(String key, VaultHttp.Reply reply, Instant created) {
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (!reply.ok()) {
            throw VaultErrors.of(where, reply.status(), reply.body(), null, key, mount + "/data/");
        }
        JsonNode data = reply.data().get("data");
        if (data == null || !data.isObject()) {
            return Optional.empty();
        }
        JsonNode meta = reply.data().path("metadata");
        KvCodec.Decoded decoded = KvCodec.decode(data);
        SecretRecord.Builder record = SecretRecord.builder(key)
                .value(decoded.value())
                .contentType(decoded.contentType())
                .tags(tags(strings(meta.path("custom_metadata"))))
                .version(meta.path("version").asText())
                .createdAt(created)
                .updatedAt(time(meta.path("created_time")));
        Instant deletion = time(meta.path("deletion_time"));
        if (deletion != null) {
            record.attribute("deletionTime", deletion.toString());
        }
        return Optional.of(record.build());
    }

    private int versionNumber(String key, String version) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // falls through to the conflict below
        }
        throw new ProviderException(Kind.CONFLICT, key, "'" + version + "' is not a Vault KV version of '" + key
                + "' (versions are numbers from 1); plan again against " + where);
    }

    private static Map<String, String> tags(Map<String, String> custom) {
        Map<String, String> tags = new TreeMap<>(custom);
        tags.remove(WRITE_TOKEN);
        return tags;
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    private static Instant time(JsonNode node) {
        String text = node == null ? "" : node.asText("");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.OffsetDateTime.parse(text).toInstant();
        }
    }

    private String dataPath(String path) {
        return mount + "/data/" + path;
    }

    private String metadataPath(String path) {
        return mount + "/metadata/" + path;
    }
}
