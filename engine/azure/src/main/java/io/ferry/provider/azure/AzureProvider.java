package io.ferry.provider.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.PageTrail;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.Settling;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteProbe;
import io.ferry.spi.WriteResult;
import io.ferry.spi.pacing.PaceReading;
import io.ferry.spi.pacing.Paced;
import io.ferry.spi.pacing.RateLimiter;
import io.ferry.spi.pacing.RateLimiter.Operation;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A {@link SecretProvider} over Azure Key Vault secrets, through the Azure SDK's {@link SecretClient}.
 * Keys are secret names with the provider's prefix taken off. Every call to the vault goes through a
 * {@link RateLimiter} whose defaults follow Key Vault's quotas per vault: creating secrets is limited to
 * 300 per 10 s, so {@link Operation#WRITE} (sets, deletes, recovers, purges) runs at 30/s; every other
 * operation shares 4,000 per 10 s, split as {@link Operation#READ} 350/s and {@link Operation#LIST} 50/s
 * (a listing page holds 25 secrets, so reads dominate).
 *
 * <p>What Key Vault lacks, the adapter supplies, and where it cannot be exact it says so:
 * <ul>
 *   <li>Conditional writes: Key Vault has none. A write first reads the current version (one READ):
 *       create-only fails with EXISTS when there is one, if-version with CONFLICT when it differs.
 *       Writes of one name through one provider are serialised, so its threads never race; two
 *       processes writing one name at the same instant can both pass the check.</li>
 *   <li>Idempotent writes: a write with a {@link WriteOptions#idempotencyToken()} records the token in
 *       the tag {@value SecretMapping#WRITE_TOKEN_TAG} of the version it makes. When the current
 *       version carries the same token and the same data, the write is already done and its version
 *       is returned instead of writing again; the same token with other data is a CONFLICT. The tag
 *       takes one of Key Vault's 15, so {@link #constraints()} allows 14 (the engine's ownership tag
 *       among them).</li>
 *   <li>Listing in key order: see {@link SortedListing}. Key Vault's listing omits the current version,
 *       so each summary returned costs one READ.</li>
 *   <li>History: the versions, ordered by creation time; Key Vault stamps them to the second, and
 *       versions made within one second keep the order the vault lists them in. Disabled versions,
 *       whose values Key Vault will not give, are left out.</li>
 *   <li>Soft delete: a delete waits until the vault holds the secret as deleted (and, with
 *       {@code purgeOnDelete=true}, purges it and waits until the name is free); {@link #recover} and
 *       {@link #purge} wait likewise, retrying Key Vault's "currently being deleted" with back-off for
 *       at most {@link #SETTLE_TIMEOUT}.</li>
 * </ul>
 *
 * <p>Thread-safe. Opened by {@link AzureProviderFactory}.
 */
public final class AzureProvider implements SecretProvider, Paced {

    /** The store's name in messages. */
    static final String STORE = "Azure Key Vault";
    /** How long a delete, recover or purge may take to settle before the adapter gives up. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    /** The longest content type Key Vault keeps. */
    static final int MAX_CONTENT_TYPE = 255;

    private final ProviderSpec spec;
    private final AzureSettings settings;
    private final SecretClient client;
    private final RateLimiter limiter;
    private final AzureErrors errors;
    private final Constraints constraints;
    private final Pattern names;
    private final SortedListing listing = new SortedListing();
    private final KeyLocks locks = new KeyLocks();
    private volatile boolean closed;

    AzureProvider(ProviderSpec spec, AzureSettings settings, SecretClient client, RateLimiter limiter) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.settings = settings;
        this.client = client;
        this.limiter = limiter;
        this.errors = new AzureErrors(settings.vaultUrl());
        this.constraints = constraints(settings.prefix());
        this.names = constraints.namePattern();
    }

    /** @return the default rates per class of call, from Key Vault's quotas */
    static Map<Operation, Double> defaultRates() {
        Map<Operation, Double> rates = new EnumMap<>(Operation.class);
        rates.put(Operation.WRITE, 30.0);
        rates.put(Operation.READ, 350.0);
        rates.put(Operation.LIST, 50.0);
        return rates;
    }

    /**
     * Key Vault's constraints as seen through a prefix: the prefix takes part of the 127 characters
     * (the preset already leaves one of the 15 tags to the write token).
     *
     * @param prefix the provider's prefix
     * @return the constraints on keys
     */
    static Constraints constraints(String prefix) {
        Constraints azure = AzureConstraints.of();
        int longest = azure.maxNameLength() - prefix.length();
        String rule = prefix.isEmpty() ? azure.nameRule()
                : azure.nameRule() + "; at most " + longest + " after the prefix '" + prefix + "'";
        return new Constraints(azure.store(), Pattern.compile("[0-9a-zA-Z-]{1," + longest + "}"), rule, longest,
                azure.maxValueBytes(), azure.maxTags(), azure.maxTagKeyLength(), azure.maxTagValueLength(),
                azure.caseSensitive(), azure.textOnly(), azure.nameCharacters());
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return constraints;
    }

    /** @return the rate limiter pacing this provider's calls */
    RateLimiter limiter() {
        return limiter;
    }

    @Override
    public List<PaceReading> pacing() {
        return List.of(limiter.reading());
    }

    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        String scope = SortedListing.fold(settings.prefix() + (prefix == null ? "" : prefix));
        SortedListing.Slice slice = listing.page(pageToken, pageSize, () -> listAll(scope));
        List<SecretSummary> items = new ArrayList<>();
        for (SortedListing.Entry entry : slice.entries()) {
            summary(entry).ifPresent(items::add);
        }
        return new Page<>(items, slice.nextToken());
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        if (!valid(key)) {
            return Optional.empty();
        }
        try {
            KeyVaultSecret secret = call(Operation.READ, key, () -> client.getSecret(name(key)));
            return Optional.of(SecretMapping.toRecord(key(secret.getName()), secret));
        } catch (ProviderException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<SecretRecord> history(String key) {
        if (!valid(key)) {
            return List.of();
        }
        String name = name(key);
        List<SecretProperties> versions = versions(name, key, Integer.MAX_VALUE);
        versions.sort(Comparator.comparing(SecretProperties::getCreatedOn, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<SecretRecord> history = new ArrayList<>();
        for (SecretProperties version : versions) {
            try {
                KeyVaultSecret secret = call(Operation.READ, key, () -> client.getSecret(name, version.getVersion()));
                history.add(SecretMapping.toRecord(key(secret.getName()), secret));
            } catch (ProviderException e) {
                if (e.kind() != Kind.NOT_FOUND && !disabled(e)) {
                    throw e;
                }
            }
        }
        return history;
    }

    /**
     * Reads each key; a disabled secret, whose value Key Vault will not give, is left out as a
     * missing one is, and {@link #whyUnreadable} says why.
     */
    @Override
    public Map<String, SecretRecord> readBatch(Collection<String> keys) {
        Map<String, SecretRecord> found = new LinkedHashMap<>();
        for (String key : keys) {
            try {
                read(key).ifPresent(r -> found.put(key, r));
            } catch (ProviderException e) {
                if (!disabled(e)) {
                    throw e;
                }
            }
        }
        return found;
    }

    /**
     * A disabled secret: Key Vault refuses its value with 403 {@code SecretDisabled}, or, in other
     * implementations of its API, answers 404 as for a missing one; its versions' attributes, which
     * the version listing gives, tell the two apart.
     */
    @Override
    public String whyUnreadable(String key) {
        if (!valid(key)) {
            return null;
        }
        String name = name(key);
        boolean disabled;
        try {
            call(Operation.READ, key, () -> client.getSecret(name));
            return null;
        } catch (ProviderException e) {
            if (disabled(e)) {
                disabled = true;
            } else if (e.kind() == Kind.NOT_FOUND) {
                disabled = disabledVersion(name, key).isPresent();
            } else {
                throw e;
            }
        }
        return disabled ? "is disabled in " + settings.vaultUrl() + ", so " + STORE + " will not give its value; enable "
                + "it (az keyvault secret set-attributes --enabled true) to copy it, or leave it out with an exclude" : null;
    }

    /**
     * The current version's metadata from the version listing, which gives it whether the vault
     * refuses the value with 403 {@code SecretDisabled} or, as other implementations do, with 404.
     */
    @Override
    public Optional<SecretRecord> readDisabled(String key) {
        if (!valid(key)) {
            return Optional.empty();
        }
        return disabledVersion(name(key), key).map(v -> SecretMapping.toDisabledRecord(key, v));
    }

    /**
     * The current version is the newest; versions made within one second (Key Vault's resolution)
     * keep the order the vault lists them in, as in {@link #history}.
     *
     * @return the current version's properties when it is disabled; empty when it is enabled or there is none
     */
    private Optional<SecretProperties> disabledVersion(String name, String key) {
        List<SecretProperties> versions = versions(name, key, Integer.MAX_VALUE);
        versions.sort(Comparator.comparing(SecretProperties::getCreatedOn, Comparator.nullsFirst(Comparator.naturalOrder())));
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1))
                .filter(v -> Boolean.FALSE.equals(v.isEnabled()));
    }

    /** {@code enabled} and {@code notBefore} are written and read back; the rest is the vault's own. */
    @Override
    public boolean keepsAttribute(String name) {
        return SecretMapping.ENABLED.equals(name) || SecretMapping.NOT_BEFORE.equals(name);
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        Objects.requireNonNull(condition, "condition");
        String key = record.key();
        String token = options == null ? null : options.idempotencyToken();
        check(record, token);
        String name = name(key);
        KeyVaultSecret secret = SecretMapping.toSecret(name, record, token);
        ReentrantLock lock = locks.of(name);
        lock.lock();
        try {
            Current current = current(name, key);
            if (token != null && token.equals(current.writeToken())) {
                return repeated(current, record, token, name, key);
            }
            require(condition, current, key);
            KeyVaultSecret written;
            try {
                written = call(Operation.WRITE, key, () -> client.setSecret(secret));
            } catch (ProviderException e) {
                // Implementations differ in how they say a deleted secret holds the name; any 409 on a
                // name that is not live is looked up.
                if (e.kind() == Kind.CONFLICT && !current.exists() && softDeleted(name, key)) {
                    throw heldByDeleted(key, e);
                }
                throw e;
            }
            return new WriteResult(written.getProperties().getVersion(), !current.exists());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        if (!valid(key)) {
            return false;
        }
        String name = name(key);
        ReentrantLock lock = locks.of(name);
        lock.lock();
        try {
            if (ifVersion != null) {
                Current current = current(name, key);
                if (!current.exists()) {
                    return false;
                }
                String version = current.version();
                if (!version.equalsIgnoreCase(ifVersion)) {
                    throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' is at version " + version + " in "
                            + settings.vaultUrl() + ", not " + ifVersion + "; it changed since it was read, so it was "
                            + "not deleted: read it again");
                }
            }
            try {
                call(Operation.WRITE, key, () -> client.beginDeleteSecret(name));
            } catch (ProviderException e) {
                if (e.kind() == Kind.NOT_FOUND) {
                    return false;
                }
                throw e;
            }
            await(key, "held as deleted", () -> softDeleted(name, key));
            if (settings.purgeOnDelete()) {
                purgeDeleted(name, key);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isSoftDeleted(String key) {
        return valid(key) && softDeleted(name(key), key);
    }

    @Override
    public void recover(String key) {
        String name = nameOfDeleted(key, "recover");
        try {
            call(Operation.WRITE, key, () -> client.beginRecoverDeletedSecret(name));
        } catch (ProviderException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw notDeleted(key, "recover", e);
            }
            throw e;
        }
        await(key, "recovered", () -> current(name, key).exists());
    }

    @Override
    public void purge(String key) {
        purgeDeleted(nameOfDeleted(key, "purge"), key);
    }

    @Override
    public HealthReport health(boolean writeProbe) {
        String endpoint = settings.vaultUrl() + (settings.prefix().isEmpty() ? "" : " (prefix " + settings.prefix() + ")");
        try {
            once(Operation.LIST, null, () -> first(client.listPropertiesOfSecrets().iterableByPage()));
        } catch (ProviderException e) {
            // the check is asked once, unretried, so the kind says whether asking again may help
            boolean transientFailure = e.kind().retryableByDefault();
            AzureErrors.Refusal refusal = AzureErrors.refusalOf(e);
            if (refusal == null) {
                // No answer from the vault: either no credential to present (DENIED), or no one answered.
                boolean noCredential = e.kind() == Kind.DENIED;
                return new HealthReport(endpoint, noCredential ? null : false, noCredential ? false : null, null, null,
                        List.of(e.getMessage())).withTransientFailure(transientFailure);
            }
            // Only 401 and 403 speak of the credential: 401 refused it, 403 accepted it and refused the listing.
            // A busy or failing vault (429, 5xx) says nothing of either.
            Boolean authenticated = switch (refusal.status()) {
                case 401 -> false;
                case 403 -> true;
                default -> null;
            };
            return new HealthReport(endpoint, true, authenticated, Boolean.TRUE.equals(authenticated) ? false : null, null,
                    List.of(e.getMessage())).withTransientFailure(transientFailure);
        }
        if (!writeProbe) {
            return new HealthReport(endpoint, true, true, true, null, List.of());
        }
        List<String> problems = new ArrayList<>();
        boolean canWrite = probe(problems);
        return new HealthReport(endpoint, true, true, true, canWrite, problems);
    }

    /** Nothing to release: the JDK HTTP client closes its idle connections itself. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "AzureProvider[" + spec.toUri() + "]";
    }

    /** Writes, then deletes and purges, a secret under the prefix that nobody else uses. */
    private boolean probe(List<String> problems) {
        String name = settings.prefix() + WriteProbe.key();
        KeyVaultSecret probe = new KeyVaultSecret(name, "ferry write probe")
                .setProperties(new SecretProperties().setTags(Map.of("ferry-probe", "delete-me")));
        return WriteProbe.run(name, () -> once(Operation.WRITE, name, () -> client.setSecret(probe)), () -> {
            once(Operation.WRITE, name, () -> client.beginDeleteSecret(name));
            await(name, "held as deleted", () -> softDeleted(name, name));
            purgeDeleted(name, name);
        }, problems);
    }

    /**
     * A write whose token the current version carries is already done. A disabled current version's
     * value cannot be read, so its metadata stands for the data.
     */
    private WriteResult repeated(Current current, SecretRecord record, String token, String name, String key) {
        String version = current.version();
        boolean same = current.secret() != null ? SecretMapping.sameWrite(current.secret(), record, token)
                : record.isDisabled() && SecretMapping.sameMetadata(current.disabled(), record);
        if (!same) {
            throw new ProviderException(Kind.CONFLICT, key, "the idempotency token of this write to '" + key + "' in "
                    + settings.vaultUrl() + " was already used for different data (version " + version
                    + "); give each distinct write its own token");
        }
        // The token's write created the secret exactly when its version is the secret's only one.
        return new WriteResult(version, versions(name, key, 2).size() == 1);
    }

    private void require(WriteCondition condition, Current current, String key) {
        switch (condition.mode()) {
            case UPSERT -> { }
            case CREATE_ONLY -> {
                if (current.exists()) {
                    String version = current.version();
                    throw new ProviderException(Kind.EXISTS, key, "'" + key + "' already exists in " + settings.vaultUrl()
                            + " (version " + version + "); plan an update instead of a create");
                }
            }
            case IF_VERSION -> {
                if (!current.exists()) {
                    throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' does not exist in "
                            + settings.vaultUrl() + ", expected version " + condition.version()
                            + "; it was deleted since planning: plan again");
                }
                String version = current.version();
                if (!version.equalsIgnoreCase(condition.version())) {
                    throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' is at version " + version + " in "
                            + settings.vaultUrl() + ", not " + condition.version() + "; it changed since planning: plan again");
                }
            }
        }
    }

    @Override
    public List<String> violations(SecretRecord record) {
        List<String> problems = new ArrayList<>(constraints.violations(record, constraints.encodedSize(record)));
        // Where the tags are full, the write token (32 characters from the engine) rides in the content type.
        String contentType = SecretMapping.storedContentType(record, "0".repeat(32));
        if (contentType != null && contentType.length() > MAX_CONTENT_TYPE) {
            problems.add("content type is " + contentType.length() + " characters as stored"
                    + (SecretMapping.isBase64(contentType) ? " (with the '; " + SecretMapping.BASE64_PARAMETER
                    + "' that marks an encoded binary value)" : "") + "; " + STORE + " allows at most " + MAX_CONTENT_TYPE);
        }
        return problems;
    }

    private void check(SecretRecord record, String token) {
        List<String> problems = new ArrayList<>(violations(record));
        if (token != null && token.length() > constraints.maxTagValueLength()) {
            problems.add("idempotency token is longer than " + constraints.maxTagValueLength()
                    + " characters, the longest tag value");
        }
        if (!problems.isEmpty()) {
            throw new ProviderException(Kind.INVALID, record.key(), "cannot write '" + record.key() + "' to "
                    + settings.vaultUrl() + ": " + String.join("; ", problems));
        }
    }

    /**
     * What a write or a conditional delete must know of a secret first.
     *
     * @param exists whether the name is live
     * @param secret the current version, or null when missing or disabled (Key Vault then hides it)
     * @param disabled the current version's properties when it is disabled, from the version listing
     */
    private record Current(boolean exists, KeyVaultSecret secret, SecretProperties disabled) {

        String version() {
            return secret != null ? secret.getProperties().getVersion() : disabled.getVersion();
        }

        /** @return the idempotency token of the write that made the current version, or null */
        String writeToken() {
            return secret != null ? SecretMapping.writeToken(secret.getProperties())
                    : disabled != null ? SecretMapping.writeToken(disabled) : null;
        }
    }

    /** A disabled secret counts as live, at the version the version listing shows as current. */
    private Current current(String name, String key) {
        try {
            return new Current(true, call(Operation.READ, key, () -> client.getSecret(name)), null);
        } catch (ProviderException e) {
            if (e.kind() != Kind.NOT_FOUND && !disabled(e)) {
                throw e;
            }
            Optional<SecretProperties> disabled = disabledVersion(name, key);
            if (disabled.isPresent()) {
                return new Current(true, null, disabled.get());
            }
            if (disabled(e)) {
                throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' is disabled in " + settings.vaultUrl()
                        + ", but its version listing shows no disabled current version; look at it in the vault and "
                        + "plan again");
            }
            return new Current(false, null, null);
        }
    }

    private boolean softDeleted(String name, String key) {
        try {
            call(Operation.READ, key, () -> client.getDeletedSecret(name));
            return true;
        } catch (ProviderException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Purges, retrying while Key Vault is still deleting the secret, then waits until the name is free. */
    private void purgeDeleted(String name, String key) {
        ProviderException[] stillDeleting = new ProviderException[1];
        Settling.await(key, SETTLE_TIMEOUT, () -> {
            try {
                call(Operation.WRITE, key, () -> client.purgeDeletedSecretWithResponse(name, Context.NONE));
                return true;
            } catch (ProviderException e) {
                if (e.kind() == Kind.NOT_FOUND) {
                    throw notDeleted(key, "purge", e);
                }
                if (e.kind() != Kind.CONFLICT || !e.retryable()) {
                    throw e;
                }
                stillDeleting[0] = e;
                return false;
            }
        }, () -> stillDeleting[0]);
        await(key, "purged", () -> !softDeleted(name, key));
    }

    private void await(String key, String what, BooleanSupplier done) {
        Settling.await(key, SETTLE_TIMEOUT, done, () -> new ProviderException(Kind.UNAVAILABLE, key, "'" + key
                + "' was not " + what + " in " + settings.vaultUrl() + " within " + SETTLE_TIMEOUT.toSeconds()
                + " s; look at it in the vault and retry", false, null, null));
    }

    private List<SortedListing.Entry> listAll(String scope) {
        List<SortedListing.Entry> all = new ArrayList<>();
        PageTrail trail = new PageTrail(STORE, "the secrets of " + settings.vaultUrl());
        Set<String> listed = new HashSet<>();
        String continuation = null;
        do {
            String from = continuation;
            PagedResponse<SecretProperties> page = call(Operation.LIST, null, () -> first(from == null
                    ? client.listPropertiesOfSecrets().iterableByPage()
                    : client.listPropertiesOfSecrets().iterableByPage(from)));
            if (page == null) {
                break;
            }
            for (SecretProperties properties : page.getValue()) {
                String folded = SortedListing.fold(properties.getName());
                if (folded.startsWith(scope) && listed.add(folded)) {
                    all.add(new SortedListing.Entry(folded, properties.getName(), properties));
                }
            }
            continuation = trail.next(page.getContinuationToken());
        } while (continuation != null);
        return all;
    }

    /** Reads the listed secret's current version, which Key Vault's listing does not give. */
    private Optional<SecretSummary> summary(SortedListing.Entry entry) {
        String key = key(entry.name());
        try {
            KeyVaultSecret secret = call(Operation.READ, key, () -> client.getSecret(entry.name()));
            SecretProperties p = secret.getProperties();
            return Optional.of(new SecretSummary(key, p.getVersion(), instant(p.getUpdatedOn()), SecretMapping.tags(p)));
        } catch (ProviderException e) {
            // A disabled secret is refused with 403 SecretDisabled, or by other implementations with 404;
            // the listing's attributes tell it from one deleted since.
            boolean listedDisabled = Boolean.FALSE.equals(entry.properties().isEnabled());
            if (e.kind() == Kind.NOT_FOUND && !listedDisabled) {
                return Optional.empty();
            }
            if (disabled(e) || listedDisabled) {
                SecretProperties p = entry.properties();
                return Optional.of(new SecretSummary(key, null, instant(p.getUpdatedOn()), SecretMapping.tags(p)));
            }
            throw e;
        }
    }

    /** @return up to {@code most} versions' properties, in the vault's order; none for a missing secret */
    private List<SecretProperties> versions(String name, String key, int most) {
        List<SecretProperties> versions = new ArrayList<>();
        PageTrail trail = new PageTrail(STORE, "the versions of '" + name + "'");
        Set<String> ids = new HashSet<>();
        String continuation = null;
        try {
            do {
                String from = continuation;
                PagedResponse<SecretProperties> page = call(Operation.LIST, key, () -> first(from == null
                        ? client.listPropertiesOfSecretVersions(name).iterableByPage()
                        : client.listPropertiesOfSecretVersions(name).iterableByPage(from)));
                if (page == null) {
                    break;
                }
                page.getValue().stream().filter(v -> ids.add(v.getVersion())).forEach(versions::add);
                continuation = trail.next(page.getContinuationToken());
            } while (continuation != null && versions.size() < most);
        } catch (ProviderException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
        return versions;
    }

    private String nameOfDeleted(String key, String action) {
        if (!valid(key)) {
            throw notDeleted(key, action, null);
        }
        return name(key);
    }

    private ProviderException heldByDeleted(String key, ProviderException cause) {
        return new ProviderException(Kind.CONFLICT, key, "the name of '" + key + "' in " + settings.vaultUrl()
                + " is held by a deleted but recoverable secret; recover it or purge it first (az keyvault secret "
                + "recover / purge, or planning { onSoftDeleted 'recover' } or 'purge' in a runbook), then write again",
                cause.getCause());
    }

    private ProviderException notDeleted(String key, String action, Throwable cause) {
        return new ProviderException(Kind.NOT_FOUND, key, "'" + key + "' is not a deleted secret in " + settings.vaultUrl()
                + ", so there is nothing to " + action, cause);
    }

    private <T> T call(Operation op, String key, Supplier<T> sdkCall) {
        if (closed) {
            throw new ProviderException(Kind.UNAVAILABLE, key, spec.toUri() + " is closed; open the provider again",
                    false, null, null);
        }
        return limiter.call(op, key, () -> {
            try {
                return sdkCall.get();
            } catch (RuntimeException e) {
                throw errors.map(e, key);
            }
        });
    }

    /** A call the limiter paces but repeats only when throttled, so that a health check fails fast. */
    private <T> T once(Operation op, String key, Supplier<T> sdkCall) {
        return call(op, key, () -> {
            try {
                return sdkCall.get();
            } catch (RuntimeException e) {
                ProviderException p = errors.map(e, key);
                if (p.retryable() && p.kind() != Kind.THROTTLED) {
                    throw new ProviderException(p.kind(), key, p.getMessage(), false, p.retryAfter(), p.getCause());
                }
                throw p;
            }
        });
    }

    private static boolean disabled(ProviderException e) {
        AzureErrors.Refusal refusal = AzureErrors.refusalOf(e);
        return refusal != null && refusal.is("SecretDisabled");
    }

    private static <T> T first(Iterable<T> pages) {
        Iterator<T> it = pages.iterator();
        return it.hasNext() ? it.next() : null;
    }

    private boolean valid(String key) {
        return key != null && names.matcher(key).matches();
    }

    private String name(String key) {
        return settings.prefix() + key;
    }

    /** @return the key of a name as Key Vault holds it (the prefix matches without regard to case) */
    private String key(String name) {
        return name.substring(Math.min(settings.prefix().length(), name.length()));
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
