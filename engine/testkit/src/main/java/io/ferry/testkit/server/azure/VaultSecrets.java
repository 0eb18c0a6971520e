package io.ferry.testkit.server.azure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The secrets of one emulated vault, with Key Vault's rules: names compared without case but kept
 * in the case they were created with, a new 32-hex version on every set, values of at most 25,600
 * bytes, at most 15 tags, content types of at most 255 characters, and soft delete (a deleted
 * secret holds its name until it is recovered or purged, and for {@link #deletionDelay} after the
 * delete it is still "being deleted": neither readable, nor recoverable, nor purgeable).
 *
 * <p>Every method takes the vault's lock, so each request sees and leaves a consistent vault.
 */
final class VaultSecrets {

    static final int MAX_VALUE_BYTES = 25_600;
    static final int MAX_TAGS = 15;
    static final int MAX_TAG_LENGTH = 256;
    static final int MAX_CONTENT_TYPE = 255;
    static final int RECOVERABLE_DAYS = 90;
    static final String RECOVERY_LEVEL = "Recoverable+Purgeable";

    /** Where a secret is in its life. */
    enum State { LIVE, DELETING, DELETED }

    /** One version of a secret; its properties change with PATCH, its value never. */
    static final class Version {
        final String id;
        final String value;
        final long created;
        String contentType;
        Map<String, String> tags;
        boolean enabled;
        Long notBefore;
        Long expires;
        long updated;

        Version(String id, String value, long created) {
            this.id = id;
            this.value = value;
            this.created = created;
            this.updated = created;
        }
    }

    /** One secret: its name as created, its versions oldest first, and its deletion state. */
    static final class Entry {
        final String name;
        final List<Version> versions = new ArrayList<>();
        State state = State.LIVE;
        long deletedDate;
        long deletionCompletes;

        Entry(String name) {
            this.name = name;
        }

        Version latest() {
            return versions.get(versions.size() - 1);
        }
    }

    /**
     * The properties a set or an update gives.
     *
     * @param contentType the content type, or null
     * @param tags the tags, or null
     * @param enabled whether the version is enabled, or null for the default (a set enables)
     * @param notBefore {@code nbf} in Unix seconds, or null
     * @param expires {@code exp} in Unix seconds, or null
     */
    record Properties(String contentType, Map<String, String> tags, Boolean enabled, Long notBefore, Long expires) {
    }

    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private volatile Duration deletionDelay = Duration.ZERO;
    private volatile boolean plainDeletedNameConflicts;

    /** @param plain whether setting a deleted name is refused with a bare 409, without saying why */
    void plainDeletedNameConflicts(boolean plain) {
        this.plainDeletedNameConflicts = plain;
    }

    /** @param delay how long a deleted secret stays "being deleted" before it can be recovered or purged */
    void deletionDelay(Duration delay) {
        this.deletionDelay = delay;
    }

    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Sets a secret: a new version, or a new secret. */
    synchronized Entry set(String name, String value, Properties properties) {
        if (value == null) {
            throw KeyVaultError.badParameter("Property 'value' is required and must be a string.");
        }
        int size = value.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_VALUE_BYTES) {
            throw KeyVaultError.badParameter("The secret value is " + size + " bytes; the maximum is " + MAX_VALUE_BYTES + ".");
        }
        checkProperties(properties);
        Entry entry = settled(name);
        if (entry != null && entry.state == State.DELETING) {
            throw new KeyVaultError(409, "Conflict", "Secret " + entry.name + " is currently being deleted.");
        }
        if (entry != null && entry.state == State.DELETED && plainDeletedNameConflicts) {
            throw new KeyVaultError(409, "Conflict", "The request conflicts with the current state of the secret.");
        }
        if (entry != null && entry.state == State.DELETED) {
            throw new KeyVaultError(409, "Conflict", "Secret " + entry.name + " is currently in a deleted but "
                    + "recoverable state, and its name cannot be reused; in this state, the secret can only be "
                    + "recovered or purged.", "ObjectIsDeletedButRecoverable");
        }
        if (entry == null) {
            entry = new Entry(name);
            entries.put(fold(name), entry);
        }
        Version version = new Version(UUID.randomUUID().toString().replace("-", ""), value, now());
        version.enabled = properties.enabled() == null || properties.enabled();
        version.contentType = properties.contentType();
        version.tags = properties.tags() == null ? null : new LinkedHashMap<>(properties.tags());
        version.notBefore = properties.notBefore();
        version.expires = properties.expires();
        entry.versions.add(version);
        return entry;
    }

    /** @return the live secret's version, the latest when {@code versionId} is null or empty */
    synchronized Version get(String name, String versionId) {
        Entry entry = live(name);
        return version(entry, versionId);
    }

    /** @return the live secret */
    synchronized Entry live(String name) {
        Entry entry = settled(name);
        if (entry == null || entry.state != State.LIVE) {
            throw KeyVaultError.notFound(name);
        }
        return entry;
    }

    /** Changes a version's properties; absent properties stay as they are. */
    synchronized Version update(String name, String versionId, Properties properties) {
        checkProperties(properties);
        Version version = version(live(name), versionId);
        if (properties.contentType() != null) {
            version.contentType = properties.contentType();
        }
        if (properties.tags() != null) {
            version.tags = new LinkedHashMap<>(properties.tags());
        }
        if (properties.enabled() != null) {
            version.enabled = properties.enabled();
        }
        if (properties.notBefore() != null) {
            version.notBefore = properties.notBefore();
        }
        if (properties.expires() != null) {
            version.expires = properties.expires();
        }
        version.updated = now();
        return version;
    }

    /** Soft-deletes a live secret. */
    synchronized Entry delete(String name) {
        Entry entry = live(name);
        entry.deletedDate = now();
        Duration delay = deletionDelay;
        if (delay.isZero()) {
            entry.state = State.DELETED;
        } else {
            entry.state = State.DELETING;
            entry.deletionCompletes = System.nanoTime() + delay.toNanos();
        }
        return entry;
    }

    /** @return the soft-deleted secret, once its deletion has completed */
    synchronized Entry deleted(String name) {
        Entry entry = settled(name);
        if (entry == null || entry.state != State.DELETED) {
            throw KeyVaultError.deletedNotFound(name);
        }
        return entry;
    }

    /** Removes a soft-deleted secret for good. */
    synchronized void purge(String name) {
        Entry entry = settled(name);
        if (entry != null && entry.state == State.DELETING) {
            throw new KeyVaultError(409, "Conflict", "Secret is currently being deleted.");
        }
        entries.remove(fold(deleted(name).name));
    }

    /** Brings a soft-deleted secret back with its versions. */
    synchronized Entry recover(String name) {
        Entry entry = deleted(name);
        entry.state = State.LIVE;
        return entry;
    }

    /**
     * @param state which secrets: {@link State#LIVE} or {@link State#DELETED}
     * @param afterFolded the folded name of the last secret already listed, or null
     * @param max the most wanted
     * @return the secrets in that state after it, in folded-name order
     */
    synchronized List<Entry> list(State state, String afterFolded, int max) {
        List<Entry> found = new ArrayList<>();
        Map<String, Entry> tail = afterFolded == null ? entries : entries.tailMap(afterFolded, false);
        for (Entry e : new ArrayList<>(tail.values())) {
            Entry entry = settled(e.name);
            if (entry != null && entry.state == state) {
                found.add(entry);
                if (found.size() == max) {
                    break;
                }
            }
        }
        return found;
    }

    /** @return a live secret's versions oldest first, or none when there is no such secret */
    synchronized List<Version> versions(String name) {
        Entry entry = settled(name);
        if (entry == null || entry.state != State.LIVE) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(entry.versions));
    }

    /** @return the entry of the name, its deletion completed if its time has come */
    private Entry settled(String name) {
        Entry entry = entries.get(fold(name));
        if (entry != null && entry.state == State.DELETING && System.nanoTime() - entry.deletionCompletes >= 0) {
            entry.state = State.DELETED;
        }
        return entry;
    }

    private static Version version(Entry entry, String versionId) {
        if (versionId == null || versionId.isEmpty()) {
            return entry.latest();
        }
        for (Version v : entry.versions) {
            if (v.id.equalsIgnoreCase(versionId)) {
                return v;
            }
        }
        throw KeyVaultError.versionNotFound(entry.name, versionId);
    }

    private static void checkProperties(Properties properties) {
        if (properties.contentType() != null && properties.contentType().length() > MAX_CONTENT_TYPE) {
            throw KeyVaultError.badParameter("Property 'contentType' is " + properties.contentType().length()
                    + " characters long; the maximum is " + MAX_CONTENT_TYPE + ".");
        }
        Map<String, String> tags = properties.tags();
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            throw KeyVaultError.badParameter("The secret has " + tags.size() + " tags; the maximum is " + MAX_TAGS + ".");
        }
        tags.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > MAX_TAG_LENGTH || (v != null && v.length() > MAX_TAG_LENGTH)) {
                throw KeyVaultError.badParameter("Tag '" + k + "' is invalid: tag names must be 1-" + MAX_TAG_LENGTH
                        + " characters long and values at most " + MAX_TAG_LENGTH + ".");
            }
        });
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
