package io.ferry.provider.kubernetes;

import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.ChangeFeed;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.PageTrail;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteProbe;
import io.ferry.spi.WriteResult;
import io.ferry.spi.pacing.PaceReading;
import io.ferry.spi.pacing.Paced;
import io.ferry.spi.pacing.RateLimiter;
import io.ferry.spi.pacing.RateLimiter.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Kubernetes Secrets in one namespace, seen through a name prefix: one record per Secret, keyed by
 * its name without the prefix (see {@link SecretMapping} for the fields and {@link DataCodec} for the
 * value).
 *
 * <p>Every call goes through an adaptive {@link RateLimiter}: the API server publishes no quota, so
 * each class of call starts at kubectl's pace (client-go since Kubernetes 1.27: 50 requests a second),
 * climbs while the server answers without strain, and backs off when API priority and fairness
 * answers 429 (the call is retried after its Retry-After) or answers slow down; {@code rate.*} caps it. Kubernetes keeps no history of a Secret and no deleted
 * Secrets, so {@link #history} gives the current record alone and nothing is soft-deleted.
 *
 * <p>Writes use the API server's optimistic concurrency: create for a create-only write (409 means
 * it exists), update at the expected {@code resourceVersion} for an if-version write (409 means
 * another version), and read-then-update for an upsert. A write with an idempotency token records
 * it in the annotation {@value SecretMapping#WRITE_TOKEN}; a retried write that finds the Secret
 * already carrying that token and the same content returns its version without writing again.
 *
 * <p>As a {@link ChangeFeed}, the provider follows the namespace by watch events: a cursor is a
 * {@code resourceVersion}, and the changes since one are the events a watch from it replays. When the
 * API server no longer keeps events that old it answers 410 Gone, and continuous sync lists
 * everything again.
 */
public final class KubernetesProvider implements SecretProvider, ChangeFeed, Paced {

    /** Requests a second per class of call to begin with, like kubectl's client-go default (QPS 50). */
    static final double DEFAULT_RATE = 50;
    /** From this many keys on, {@link #readBatch} lists the namespace instead of getting each Secret. */
    static final int BATCH_BY_LIST_FROM = 16;
    /** The page size of the listings {@link #readBatch} makes. */
    static final int BATCH_PAGE_SIZE = 250;
    /**
     * How long a watch may stay silent before the events it has sent are taken as all there are.
     * The API server replays the events it keeps after a {@code resourceVersion} at once, so a
     * silence this long means the replay is over; a change made later is the next pass's.
     */
    static final Duration WATCH_QUIET = Duration.ofMillis(500);
    private static final int HTTP_GONE = 410;

    static final String STORE = "Kubernetes Secrets";
    private static final int UPSERT_ATTEMPTS = 3;
    private static final Comparator<Secret> BY_NAME = Comparator.comparing(s -> s.getMetadata().getName());

    private final ProviderSpec spec;
    private final KubernetesSettings options;
    private final ClusterConnection connection;
    private final KubernetesErrors errors;
    private final RateLimiter limiter;
    private final Constraints constraints;

    KubernetesProvider(ProviderSpec spec, KubernetesSettings options, ClusterConnection connection) {
        this.spec = spec;
        this.options = options;
        this.connection = connection;
        this.errors = new KubernetesErrors(connection.endpoint(), connection.namespace(), connection.credentials());
        this.limiter = RateLimiter.adaptive(STORE, defaultRates(), spec);
        this.constraints = constraints(options.prefix());
    }

    /** @return the rate every class of call starts at */
    static Map<Operation, Double> defaultRates() {
        Map<Operation, Double> rates = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            rates.put(op, DEFAULT_RATE);
        }
        return rates;
    }

    /**
     * The {@link KubernetesConstraints known rules} of Kubernetes Secrets, for keys under a
     * prefix: each key is itself a DNS subdomain (so that the prefix, which may end in {@code -} or
     * {@code .}, and the key always make a valid Secret name), no longer than the 253 characters of a
     * name less the prefix. Tags become labels, whose syntax is checked when a record is written.
     *
     * @param prefix the provider's name prefix
     * @return the constraints of keys under it
     */
    static Constraints constraints(String prefix) {
        Constraints known = KubernetesConstraints.of();
        return new Constraints(known.store(), known.namePattern(), known.nameRule(),
                known.maxNameLength() - prefix.length(), known.maxValueBytes(), known.maxTags(), known.maxTagKeyLength(),
                known.maxTagValueLength(), known.caseSensitive(), known.textOnly(), known.nameCharacters());
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return constraints;
    }

    /** @return the limiter pacing this provider's calls, for tests and progress reports */
    RateLimiter limiter() {
        return limiter;
    }

    @Override
    public List<PaceReading> pacing() {
        return List.of(limiter.reading());
    }

    /**
     * Lists one page with one list call ({@code limit} and {@code continue}). The API server lists a
     * namespace in name order (etcd's key order); each page is sorted again and cut at the page size
     * all the same, so that the order holds against a server that does otherwise (fabric8's mock
     * lists in order of last write and ignores {@code limit}). Names outside the prefix are skipped,
     * and the listing ends as soon as it has passed them. The label selector, if any, narrows it.
     */
    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one entry, not " + pageSize);
        }
        String wanted = options.prefix() + (prefix == null ? "" : prefix);
        PageToken at = PageToken.decode(pageToken);
        SecretList listed = listPage(at.serverContinue(), pageSize, options.labelSelector());
        List<SecretSummary> summaries = new ArrayList<>();
        String last = at.after();
        boolean more = false;
        boolean pastPrefix = false;
        for (Secret secret : sorted(listed)) {
            String name = secret.getMetadata().getName();
            if (at.after() != null && name.compareTo(at.after()) <= 0) {
                continue;
            }
            if (summaries.size() == pageSize) {
                more = true;
                break;
            }
            if (name.startsWith(wanted)) {
                summaries.add(SecretMapping.toSummary(secret, key(name)));
            } else if (name.compareTo(wanted) > 0) {
                pastPrefix = true;
                break;
            }
            last = name;
        }
        String next;
        if (pastPrefix) {
            next = null;
        } else if (more) {
            next = new PageToken(at.serverContinue(), last).encode();
        } else {
            String serverContinue = listed.getMetadata() == null ? null : listed.getMetadata().getContinue();
            next = serverContinue == null || serverContinue.isEmpty() ? null : new PageToken(serverContinue, last).encode();
        }
        return new Page<>(summaries, next);
    }

    /**
     * The {@code resourceVersion} of the namespace's Secrets, from a listing of one Secret (the API
     * server gives a listing the version of the whole collection).
     */
    @Override
    public String currentCursor() {
        SecretList listed = listPage(null, 1, options.labelSelector());
        String version = listed.getMetadata() == null ? null : listed.getMetadata().getResourceVersion();
        if (version == null || version.isEmpty()) {
            throw new ProviderException(Kind.UNAVAILABLE, null, STORE + " " + connection.namespace() + ": the API server at "
                    + connection.endpoint() + " listed Secrets without a resourceVersion, so changes cannot be followed "
                    + "from now; check that it is a Kubernetes API server", false, null, null);
        }
        return version;
    }

    /**
     * Watches the namespace's Secrets from the cursor, with bookmarks, and collects the events the
     * server sends at once: it stops at a bookmark, at {@code limit} changes, or when the stream ends
     * or has been quiet for {@link #WATCH_QUIET}. Secrets outside the prefix (or the label selector,
     * which the server applies) are left out, but the cursor moves past them. A watch is a call of the
     * LIST class. A watch the server refuses with 410 Gone, as an HTTP status or, as API servers do,
     * as an ERROR event in the stream, means that the cursor is too old.
     *
     * @throws CursorExpiredException when the API server no longer keeps events after the cursor
     */
    @Override
    public Changes changesSince(String cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page of changes holds at least one change, not " + limit);
        }
        if (cursor == null || cursor.isBlank()) {
            throw new IllegalArgumentException("a Kubernetes change cursor is a resourceVersion, and none was given");
        }
        return call(Operation.LIST, "watch", null, null, () -> watch(cursor, limit));
    }

    private Changes watch(String cursor, int limit) {
        List<Change> changes = new ArrayList<>();
        String at = cursor;
        SecretWatch watch;
        try {
            watch = SecretWatch.open(connection.client(), connection.namespace(), cursor, options.labelSelector());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HTTP_GONE) {
                throw expired(cursor, e.getStatus());
            }
            throw e;
        }
        try (watch) {
            while (changes.size() < limit) {
                WatchEvent event;
                try {
                    event = watch.next(WATCH_QUIET);
                } catch (IllegalStateException e) {
                    throw unexpected(e.getMessage());
                }
                if (event == null) {
                    return new Changes(changes, at, false);
                }
                if ("ERROR".equals(event.getType())) {
                    Status status = event.getObject() instanceof Status s ? s : null;
                    if (status != null && status.getCode() != null && status.getCode() == HTTP_GONE) {
                        throw expired(cursor, status);
                    }
                    if (status == null) {
                        throw unexpected("the watch ended with an ERROR event that holds no Status");
                    }
                    throw new KubernetesClientException(status);
                }
                if (!(event.getObject() instanceof Secret secret) || secret.getMetadata() == null
                        || secret.getMetadata().getResourceVersion() == null) {
                    throw unexpected("the watch sent a " + event.getType() + " event without a Secret's resourceVersion");
                }
                at = secret.getMetadata().getResourceVersion();
                if ("BOOKMARK".equals(event.getType())) {
                    return new Changes(changes, at, false);
                }
                String name = secret.getMetadata().getName();
                if (name != null && name.startsWith(options.prefix()) && name.length() > options.prefix().length()) {
                    changes.add(new Change(key(name), "DELETED".equals(event.getType())));
                }
            }
            return new Changes(changes, at, true);
        }
    }

    private ProviderException unexpected(String what) {
        return new ProviderException(Kind.UNAVAILABLE, null, STORE + " " + connection.namespace() + ": " + what
                + " (API server at " + connection.endpoint() + "); check that it is a Kubernetes API server, and not a "
                + "proxy that changes its answers", false, null, null);
    }

    private CursorExpiredException expired(String cursor, Status status) {
        String reason = status == null || status.getReason() == null ? "Gone" : status.getReason();
        return new CursorExpiredException(STORE + " " + connection.namespace() + ": the API server no longer keeps "
                + "changes after resourceVersion " + cursor + " (410 " + reason + ")");
    }

    /**
     * The Secret's {@code type} and {@code immutable}, and its annotations as {@code annotation.NAME},
     * are kept as written; other attributes have no place in a Secret.
     */
    @Override
    public boolean keepsAttribute(String name) {
        return name.equals(SecretMapping.TYPE) || name.equals(SecretMapping.IMMUTABLE)
                || (name.startsWith(SecretMapping.ANNOTATION) && name.length() > SecretMapping.ANNOTATION.length());
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        String name = options.prefix() + key;
        if (!NameRules.isSubdomain(name)) {
            return Optional.empty();
        }
        return Optional.ofNullable(get(name, key)).map(s -> SecretMapping.toRecord(s, key));
    }

    /**
     * Reads a few keys one by one; from {@value #BATCH_BY_LIST_FROM} keys on, lists the namespace in
     * pages of {@value #BATCH_PAGE_SIZE} instead, which returns whole Secrets in name order, and stops
     * at the last key asked for. A listing always starts at the first name, so while the pages read so
     * far outnumber the keys still missing, the rest are fetched one by one: a batch never costs much
     * more than its gets, and a batch of neighbouring keys (what discovery reads) costs a page or two.
     */
    @Override
    public Map<String, SecretRecord> readBatch(Collection<String> keys) {
        if (keys.size() < BATCH_BY_LIST_FROM) {
            return SecretProvider.super.readBatch(keys);
        }
        Map<String, String> keyByName = new HashMap<>();
        for (String key : keys) {
            String name = options.prefix() + key;
            if (NameRules.isSubdomain(name)) {
                keyByName.put(name, key);
            }
        }
        TreeSet<String> missing = new TreeSet<>(keyByName.keySet());
        Map<String, SecretRecord> byKey = new HashMap<>();
        PageToken at = new PageToken(null, null);
        PageTrail trail = new PageTrail(STORE, "the Secrets of namespace " + connection.namespace());
        int pages = 0;
        while (!missing.isEmpty() && pages < missing.size()) {
            SecretList listed = listPage(at.serverContinue(), BATCH_PAGE_SIZE, null);
            pages++;
            String last = at.after();
            for (Secret secret : sorted(listed)) {
                String name = secret.getMetadata().getName();
                if (missing.remove(name)) {
                    byKey.put(keyByName.get(name), SecretMapping.toRecord(secret, keyByName.get(name)));
                }
                last = last == null || name.compareTo(last) > 0 ? name : last;
            }
            String serverContinue = trail.next(listed.getMetadata() == null ? null : listed.getMetadata().getContinue());
            if (serverContinue == null) {
                missing.clear();
            } else if (last != null) {
                missing.headSet(last, true).clear();
            }
            at = new PageToken(serverContinue, last);
        }
        for (String name : missing) {
            Secret secret = get(name, keyByName.get(name));
            if (secret != null) {
                byKey.put(keyByName.get(name), SecretMapping.toRecord(secret, keyByName.get(name)));
            }
        }
        Map<String, SecretRecord> found = new LinkedHashMap<>();
        for (String key : keys) {
            SecretRecord record = byKey.get(key);
            if (record != null) {
                found.put(key, record);
            }
        }
        return found;
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions writeOptions) {
        String key = record.key();
        String name = checkedName(key);
        String token = writeOptions == null ? null : writeOptions.idempotencyToken();
        DataCodec.Encoded encoded = DataCodec.encode(record.value(), record.contentType());
        Secret created = desired(record, name, encoded, token, true);
        Secret updated = desired(record, name, encoded, token, false);
        return switch (condition.mode()) {
            case CREATE_ONLY -> create(key, name, created, token);
            case IF_VERSION -> updateAt(key, name, updated, condition.version(), token);
            case UPSERT -> upsert(key, name, created, updated, token);
        };
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        String name = options.prefix() + key;
        if (!NameRules.isSubdomain(name)) {
            return false;
        }
        if (ifVersion != null) {
            Secret stored = get(name, key);
            if (stored == null) {
                return false;
            }
            if (!ifVersion.equals(stored.getMetadata().getResourceVersion())) {
                throw staleVersion(key, name, ifVersion, stored);
            }
        }
        return !call(Operation.WRITE, "delete", name, key, () -> ifVersion == null
                ? secrets().withName(name).delete()
                : secrets().withName(name).lockResourceVersion(ifVersion).delete()).isEmpty();
    }

    /**
     * Checks the connection with one listing of a single Secret, made directly rather than through the
     * rate limiter so that an unreachable server is reported at once instead of retried; the write
     * probe creates and deletes a Secret of a random name under the prefix.
     */
    @Override
    public HealthReport health(boolean writeProbe) {
        String endpoint = connection.endpoint() + " namespace " + connection.namespace();
        List<String> problems = new ArrayList<>();
        try {
            direct("list", null, () -> secrets().list(new ListOptionsBuilder().withLimit(1L).build()));
        } catch (ProviderException e) {
            problems.add(e.getMessage());
            boolean reachable = e.getCause() instanceof KubernetesClientException kce && kce.getCode() > 0;
            if (!reachable) {
                return new HealthReport(endpoint, false, null, null, null, problems).withTransientFailure(e.retryable());
            }
            boolean authenticated = !isUnauthorized(e);
            return new HealthReport(endpoint, true, authenticated, authenticated ? false : null, null, problems)
                    .withTransientFailure(e.retryable());
        }
        Boolean canWrite = null;
        if (writeProbe) {
            String name = options.prefix() + WriteProbe.key();
            canWrite = WriteProbe.run(name,
                    () -> direct("create", name, () -> secrets().resource(new SecretBuilder().withNewMetadata().withName(name)
                            .endMetadata().withType(SecretMapping.OPAQUE).build()).create()),
                    () -> direct("delete", name, () -> secrets().withName(name).delete()), problems);
        }
        return new HealthReport(endpoint, true, true, true, canWrite, problems);
    }

    @Override
    public void close() {
        connection.client().close();
    }

    @Override
    public String toString() {
        return "KubernetesProvider[" + spec.toUri() + " at " + connection.endpoint() + "]";
    }

    private WriteResult create(String key, String name, Secret created, String token) {
        try {
            Secret stored = call(Operation.WRITE, "create", name, key, () -> secrets().resource(created).create());
            return new WriteResult(stored.getMetadata().getResourceVersion(), true);
        } catch (ProviderException e) {
            if (e.kind() == Kind.EXISTS && token != null) {
                Secret stored = get(name, key);
                if (stored != null && isRetryOf(stored, created, token)) {
                    return replayed(stored);
                }
            }
            throw e;
        }
    }

    private WriteResult updateAt(String key, String name, Secret updated, String version, String token) {
        Secret versioned = new SecretBuilder(updated).editMetadata().withResourceVersion(version).endMetadata().build();
        try {
            Secret stored = call(Operation.WRITE, "update", name, key, () -> secrets().resource(versioned).update());
            return new WriteResult(stored.getMetadata().getResourceVersion(), false);
        } catch (ProviderException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw new ProviderException(Kind.CONFLICT, key, STORE + " " + connection.namespace() + "/" + name
                        + " does not exist, so it is not at version " + version + "; plan again to create it", e);
            }
            if (e.kind() == Kind.CONFLICT) {
                Secret stored = get(name, key);
                if (stored != null && token != null && isRetryOf(stored, updated, token)) {
                    return replayed(stored);
                }
                if (stored == null) {
                    throw new ProviderException(Kind.CONFLICT, key, STORE + " " + connection.namespace() + "/" + name
                            + " was deleted meanwhile, so it is not at version " + version + "; plan again", e);
                }
                throw staleVersion(key, name, version, stored);
            }
            throw e;
        }
    }

    private WriteResult upsert(String key, String name, Secret created, Secret updated, String token) {
        ProviderException last = null;
        for (int attempt = 0; attempt < UPSERT_ATTEMPTS; attempt++) {
            Secret stored = get(name, key);
            try {
                if (stored == null) {
                    Secret made = call(Operation.WRITE, "create", name, key, () -> secrets().resource(created).create());
                    return new WriteResult(made.getMetadata().getResourceVersion(), true);
                }
                if (token != null && isRetryOf(stored, updated, token)) {
                    return replayed(stored);
                }
                checkChangeable(key, name, stored, updated);
                Secret versioned = new SecretBuilder(updated).editMetadata()
                        .withResourceVersion(stored.getMetadata().getResourceVersion()).endMetadata().build();
                Secret made = call(Operation.WRITE, "update", name, key, () -> secrets().resource(versioned).update());
                return new WriteResult(made.getMetadata().getResourceVersion(), false);
            } catch (ProviderException e) {
                boolean raced = e.kind() == Kind.EXISTS || e.kind() == Kind.CONFLICT
                        || (e.kind() == Kind.NOT_FOUND && stored != null);
                if (!raced) {
                    throw e;
                }
                last = e;
            }
        }
        throw new ProviderException(Kind.CONFLICT, key, STORE + " " + connection.namespace() + "/" + name
                + " kept changing while it was written (" + UPSERT_ATTEMPTS + " tries); another writer is busy with it, "
                + "run again later", last);
    }

    private void checkChangeable(String key, String name, Secret stored, Secret updated) {
        if (Boolean.TRUE.equals(stored.getImmutable()) && !SecretMapping.sameContent(stored, updated)) {
            throw new ProviderException(Kind.INVALID, key, STORE + " " + connection.namespace() + "/" + name
                    + " is immutable, so it cannot be changed; delete it first, or write to another name");
        }
        String storedType = stored.getType() == null ? SecretMapping.OPAQUE : stored.getType();
        if (!storedType.equals(updated.getType())) {
            throw new ProviderException(Kind.INVALID, key, STORE + " " + connection.namespace() + "/" + name
                    + " is of type " + storedType + ", and a Secret's type cannot change to " + updated.getType()
                    + "; delete it first, or keep attribute type " + storedType);
        }
    }

    private boolean isRetryOf(Secret stored, Secret desired, String token) {
        return token.equals(SecretMapping.annotation(stored, SecretMapping.WRITE_TOKEN))
                && SecretMapping.sameContent(stored, desired);
    }

    private static WriteResult replayed(Secret stored) {
        return new WriteResult(stored.getMetadata().getResourceVersion(),
                "true".equals(SecretMapping.annotation(stored, SecretMapping.WRITE_CREATED)));
    }

    private ProviderException staleVersion(String key, String name, String expected, Secret stored) {
        return new ProviderException(Kind.CONFLICT, key, STORE + " " + connection.namespace() + "/" + name
                + " is at version " + stored.getMetadata().getResourceVersion() + ", not " + expected
                + "; someone changed it since it was planned: plan again");
    }

    private Secret desired(SecretRecord record, String name, DataCodec.Encoded encoded, String token, boolean creating) {
        Map<String, String> marks = new TreeMap<>();
        if (token != null) {
            marks.put(SecretMapping.WRITE_TOKEN, token);
            if (creating) {
                marks.put(SecretMapping.WRITE_CREATED, "true");
            }
        }
        Secret secret;
        try {
            secret = SecretMapping.toSecret(record, name, encoded, marks);
        } catch (IllegalArgumentException e) {
            throw invalid(record.key(), name, List.of(e.getMessage()));
        }
        List<String> problems = NameRules.violations(record.tags(), secret.getMetadata().getAnnotations(), encoded.size());
        if (!problems.isEmpty()) {
            throw invalid(record.key(), name, problems);
        }
        return secret;
    }

    /** The name rules, and the Secret's own: data size, labels and annotations as they would be written. */
    @Override
    public List<String> violations(SecretRecord record) {
        String name = options.prefix() + record.key();
        List<String> problems = nameProblems(record.key(), name);
        DataCodec.Encoded encoded = DataCodec.encode(record.value(), record.contentType());
        try {
            Secret secret = SecretMapping.toSecret(record, name, encoded, new TreeMap<>());
            problems.addAll(NameRules.violations(record.tags(), secret.getMetadata().getAnnotations(), encoded.size()));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    private String checkedName(String key) {
        String name = options.prefix() + key;
        List<String> problems = nameProblems(key, name);
        if (!problems.isEmpty()) {
            throw invalid(key, name, problems);
        }
        return name;
    }

    private static List<String> nameProblems(String key, String name) {
        List<String> problems = new ArrayList<>();
        if (name.length() > NameRules.MAX_NAME_LENGTH) {
            problems.add("the name is " + name.length() + " characters long with the prefix; a Secret name has at most "
                    + NameRules.MAX_NAME_LENGTH);
        }
        String refusal = NameRules.CHARACTERS.refusal(STORE, key);
        if (refusal != null) {
            problems.add(refusal);
        } else if (!NameRules.SUBDOMAIN.matcher(key).matches()) {
            problems.add("the key is not " + NameRules.SUBDOMAIN_RULE + "; map it with a rename transform such as k8s-safe-names");
        }
        return problems;
    }

    private ProviderException invalid(String key, String name, List<String> problems) {
        return new ProviderException(Kind.INVALID, key, STORE + " " + connection.namespace() + "/" + name
                + " cannot be written: " + String.join("; ", problems));
    }

    private Secret get(String name, String key) {
        return call(Operation.READ, "get", name, key, () -> secrets().withName(name).get());
    }

    private SecretList listPage(String serverContinue, int limit, String labelSelector) {
        return call(Operation.LIST, "list", null, null, () -> {
            try {
                return secrets().list(listOptions(serverContinue, limit, labelSelector));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 410 && serverContinue != null) {
                    return secrets().list(listOptions(null, limit, labelSelector));
                }
                throw e;
            }
        });
    }

    private static ListOptions listOptions(String serverContinue, int limit, String labelSelector) {
        return new ListOptionsBuilder().withLimit((long) limit).withContinue(serverContinue)
                .withLabelSelector(labelSelector).build();
    }

    private static List<Secret> sorted(SecretList listed) {
        List<Secret> items = new ArrayList<>(listed.getItems() == null ? List.of() : listed.getItems());
        items.sort(BY_NAME);
        return items;
    }

    private String key(String name) {
        return name.substring(options.prefix().length());
    }

    private NonNamespaceOperation<Secret, SecretList, Resource<Secret>> secrets() {
        return connection.client().secrets().inNamespace(connection.namespace());
    }

    private <T> T call(Operation op, String verb, String name, String key, Supplier<T> call) {
        return limiter.call(op, key, () -> direct(verb, name, key, call));
    }

    private <T> T direct(String verb, String name, Supplier<T> call) {
        return direct(verb, name, null, call);
    }

    private <T> T direct(String verb, String name, String key, Supplier<T> call) {
        try {
            return call.get();
        } catch (ProviderException | CursorExpiredException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.map(e, verb, name, key);
        }
    }

    private static boolean isUnauthorized(ProviderException e) {
        return e.getCause() instanceof KubernetesClientException kce && kce.getCode() == 401;
    }
}
