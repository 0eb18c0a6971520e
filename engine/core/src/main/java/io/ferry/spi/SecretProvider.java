package io.ferry.spi;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A store of secrets, seen through one scope (for example a key prefix). Adapters implement this
 * interface; the engine never talks to a store any other way.
 *
 * <p>Keys are relative to the provider's scope. Every method may throw {@link ProviderException},
 * whose kind tells the engine whether a retry can help. Implementations must be safe for concurrent
 * use: the executor writes from several threads at once.
 */
public interface SecretProvider extends AutoCloseable {

    /** @return where this provider points, without credentials; used in messages and the journal */
    ProviderSpec spec();

    /** @return the rules a record must satisfy to be written here */
    Constraints constraints();

    /**
     * Lists one page of secrets whose keys start with the prefix, in a stable order.
     *
     * @param prefix key prefix, empty for all
     * @param pageToken the token of the page to read, or null for the first
     * @param pageSize the largest number of entries wanted; a provider may return fewer
     * @return the page, whose {@link Page#nextToken()} is null on the last page
     */
    Page<SecretSummary> list(String prefix, String pageToken, int pageSize);

    /**
     * Reads the current value and metadata of one secret.
     *
     * @param key the key
     * @return the record, or empty when there is no such secret
     */
    Optional<SecretRecord> read(String key);

    /**
     * Writes one secret.
     *
     * @param record the record; its version, created and updated fields are ignored
     * @param condition when the write may happen
     * @param options idempotency and other write options
     * @return the version written
     * @throws ProviderException of kind {@link ProviderException.Kind#EXISTS} when a create-only
     *     write finds the key, {@link ProviderException.Kind#CONFLICT} when an if-version write
     *     finds another version
     */
    WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options);

    /**
     * Deletes one secret and all its versions (or schedules its deletion, where the store keeps
     * deleted secrets recoverable).
     *
     * @param key the key
     * @param ifVersion delete only when this is the current version; null to delete unconditionally
     * @return whether there was a secret to delete
     * @throws ProviderException of kind {@link ProviderException.Kind#CONFLICT} when the current
     *     version is not {@code ifVersion}
     */
    boolean delete(String key, String ifVersion);

    /**
     * Checks that the store is reachable, that the credentials work and that listing is allowed.
     *
     * @param writeProbe also write and delete a probe secret
     * @return the report, never throwing for a failed check
     */
    HealthReport health(boolean writeProbe);

    /**
     * Every reason this store would refuse to write the record, found without calling the store, so
     * that planning reports all of them before anything is written. An adapter whose store checks
     * more than its {@link Constraints} say (an encoding that makes values larger, reserved tags,
     * annotations) overrides this, and refuses the same records in {@link #write}.
     *
     * @param record the record as it would be written
     * @return the problems, each naming the rule but never the value; empty when it can be written
     */
    default List<String> violations(SecretRecord record) {
        Constraints constraints = constraints();
        return constraints.violations(record, constraints.encodedSize(record));
    }

    /**
     * Why this store, as opened, must not be written to at all, so that a run stops with one line
     * before anything is planned rather than refusing every record. A store that writes somewhere
     * only with the user's explicit consent (a plain-text file) says which option gives it; its
     * {@link #write} and {@link #delete} refuse in the same words.
     *
     * @return the reason and the fix, never a value; empty when the store may be written
     */
    default Optional<String> writeRefusal() {
        return Optional.empty();
    }

    /**
     * Says why a secret that a listing shows yields no record when read: one the store holds without
     * a readable value (created without one, or disabled), so that planning can skip it with that
     * reason instead of taking it for deleted.
     *
     * @param key the key
     * @return the reason, naming no value, such as "has no current value ...; give it a value"; null
     *     when the secret is simply gone, or the store has no such state
     */
    default String whyUnreadable(String key) {
        return null;
    }

    /**
     * Reads what a store that withholds the values of disabled secrets still gives of one: its
     * metadata, as the store lists it. Planning compares a disabled record with it, validation checks
     * a record written disabled by it, and a rollback finds the record a run created disabled by it.
     * Stores that give a disabled record's value ({@code local}, {@code memory}) return it from
     * {@link #read} with {@link SecretRecord#ENABLED} {@code false} instead.
     *
     * @param key the key
     * @return the secret's current version, content type, tags, expiry and attributes, with
     *     {@link SecretRecord#ENABLED} {@code false} and an empty value; empty when the store holds
     *     no such secret, or holds it enabled
     */
    default Optional<SecretRecord> readDisabled(String key) {
        return Optional.empty();
    }

    /**
     * Tells whether this store keeps a record attribute as it is written, so that planning compares
     * it: an attribute the store drops or fills in itself (one it only reports, such as a recovery
     * level) would otherwise make every re-run plan an update.
     *
     * @param name the attribute's name
     * @return whether a written value of it reads back the same; true by default, for stores that
     *     keep every attribute
     */
    default boolean keepsAttribute(String name) {
        return true;
    }

    /**
     * Tells whether this store keeps a record's tags, so that planning compares them: a store that
     * accepts tags and drops them (a secrets file) would otherwise plan every re-run as an update.
     *
     * @return whether written tags read back; true by default
     */
    default boolean keepsTags() {
        return true;
    }

    /**
     * Tells whether this store keeps a record's content type, so that planning compares it.
     *
     * @return whether a written content type reads back; true by default
     */
    default boolean keepsContentType() {
        return true;
    }

    /**
     * Reads several secrets at once. Adapters override this where the store has a batch call.
     *
     * @param keys the keys
     * @return the records found, by key, in the order of {@code keys}; missing keys are absent
     */
    default Map<String, SecretRecord> readBatch(Collection<String> keys) {
        Map<String, SecretRecord> found = new LinkedHashMap<>();
        for (String key : keys) {
            read(key).ifPresent(r -> found.put(key, r));
        }
        return found;
    }

    /**
     * Writes several secrets. Each write succeeds or fails on its own, exactly as {@link #write}
     * would; a store with transactions overrides this to commit the batch at once. A failure of the
     * whole batch (the store is unreachable) is thrown rather than reported per write.
     *
     * @param requests the writes, in order
     * @return one outcome per request, in the same order
     */
    default List<WriteOutcome> writeBatch(List<WriteRequest> requests) {
        List<WriteOutcome> outcomes = new java.util.ArrayList<>(requests.size());
        for (WriteRequest r : requests) {
            try {
                outcomes.add(WriteOutcome.of(write(r.record(), r.condition(), r.options())));
            } catch (ProviderException e) {
                outcomes.add(WriteOutcome.failed(e));
            }
        }
        return outcomes;
    }

    /**
     * Reads the version history of one secret, oldest first, current last.
     *
     * @param key the key
     * @return the versions the store keeps; just the current one where it keeps no history; empty
     *     when there is no such secret
     */
    default List<SecretRecord> history(String key) {
        return read(key).map(List::of).orElse(List.of());
    }

    /**
     * Tells whether a name is held by a deleted but recoverable secret, which blocks creating it.
     *
     * @param key the key
     * @return whether the name is soft-deleted; false where the store does not keep deleted secrets
     */
    default boolean isSoftDeleted(String key) {
        return false;
    }

    /**
     * Brings a deleted but recoverable secret back, with its versions, so that its name can be
     * written again. Waits until the store serves it.
     *
     * @param key the key
     * @throws ProviderException of kind {@link ProviderException.Kind#NOT_FOUND} when the name is not
     *     soft-deleted, {@link ProviderException.Kind#INVALID} where the store keeps no deleted secrets
     */
    default void recover(String key) {
        throw new ProviderException(ProviderException.Kind.INVALID, key, spec().scheme()
                + " keeps no deleted secrets, so there is nothing to recover for '" + key + "'");
    }

    /**
     * Removes a deleted but recoverable secret for good, so that its name can be created afresh.
     * Waits until the name is free.
     *
     * @param key the key
     * @throws ProviderException of kind {@link ProviderException.Kind#NOT_FOUND} when the name is not
     *     soft-deleted, {@link ProviderException.Kind#INVALID} where the store keeps no deleted secrets
     */
    default void purge(String key) {
        throw new ProviderException(ProviderException.Kind.INVALID, key, spec().scheme()
                + " keeps no deleted secrets, so there is nothing to purge for '" + key + "'");
    }

    /**
     * Streams every summary under a prefix, reading pages lazily, so that memory is bounded by the
     * page size however large the store. The pages are followed along a {@link PageTrail}, so the
     * stream ends even where a store hands back a token it gave before.
     *
     * @param prefix key prefix, empty for all
     * @param pageSize entries per page
     * @return the summaries in listing order
     */
    default Stream<SecretSummary> stream(String prefix, int pageSize) {
        Iterator<SecretSummary> pages = new Iterator<>() {
            private final PageTrail trail = new PageTrail(spec().scheme(), "the listing of '" + prefix + "'");
            private Page<SecretSummary> page = list(prefix, null, pageSize);
            private String next = trail.next(page.nextToken());
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= page.items().size() && next != null) {
                    page = list(prefix, next, pageSize);
                    next = trail.next(page.nextToken());
                    index = 0;
                }
                return index < page.items().size();
            }

            @Override
            public SecretSummary next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(index++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Releases connections and files. */
    @Override
    void close();
}
