package io.ferry.provider.aws;

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
import io.ferry.spi.pacing.Backoff;
import io.ferry.spi.pacing.PaceReading;
import io.ferry.spi.pacing.Paced;
import io.ferry.spi.pacing.RateLimiter;
import io.ferry.spi.pacing.RateLimiter.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SortByType;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretRequest;

/**
 * AWS Secrets Manager as a {@link SecretProvider}, one region seen through a name prefix.
 *
 * <p>Reads take DescribeSecret (tags, description, KMS key, dates) and GetSecretValue; batch reads
 * take BatchGetSecretValue, 20 names a call, paced by their own limiter at that call's quota.
 * Listings take ListSecrets sorted by name with a name filter on the prefix, so pages come in key
 * order. Writes pass the idempotency token as ClientRequestToken, which becomes the VersionId: a
 * retried write with the same token and value is a no-op that reports the same version. Secrets
 * Manager has no compare-and-set, so an if-version write reads the AWSCURRENT version and then
 * writes: a writer that slips in between is not detected. Tags are made exactly the record's with
 * TagResource and UntagResource. Deletes schedule deletion with a recovery window unless
 * {@code forceDelete=true}; a scheduled secret counts as absent, blocks its name, and can be
 * recovered or purged. Every call goes through the rate limiter.
 */
final class AwsProvider implements SecretProvider, Paced {

    /** Calls a second per class, from Secrets Manager's quotas (PROVIDERS.md). */
    static final Map<Operation, Double> QUOTAS = Map.of(Operation.READ, 10_000.0, Operation.WRITE, 50.0,
            Operation.LIST, 100.0);
    /** BatchGetSecretValue's own quota, in calls a second. */
    static final double BATCH_QUOTA = 100;
    /** The most names one BatchGetSecretValue takes. */
    static final int BATCH_SIZE = 20;

    private static final Pattern FILTER_VALUE = Pattern.compile("[A-Za-z0-9/_+=.@-]*");
    /** How long a forced deletion may take to free the name. */
    private static final Duration PURGE_SETTLES = Duration.ofSeconds(10);

    private final ProviderSpec spec;
    private final AwsSettings settings;
    private final SdkHttpClient http;
    private final SecretsManagerClient client;
    private final RateLimiter limiter;
    private final RateLimiter batchLimiter;
    private final RateLimiter healthLimiter;
    private final AwsErrors errors;
    private final Constraints constraints;

    AwsProvider(ProviderSpec spec, AwsSettings settings, SdkHttpClient http, SecretsManagerClient client,
                              RateLimiter limiter, RateLimiter batchLimiter) {
        this.spec = spec;
        this.settings = settings;
        this.http = http;
        this.client = client;
        this.limiter = limiter;
        this.batchLimiter = batchLimiter;
        this.healthLimiter = RateLimiter.of(AwsErrors.STORE, QUOTAS, Backoff.DEFAULT, 1);
        this.errors = new AwsErrors(settings);
        this.constraints = scoped(AwsConstraints.of(), settings.prefix());
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return constraints;
    }

    /** @return the limiter of single calls, whose counters tests and reports read */
    RateLimiter limiter() {
        return limiter;
    }

    @Override
    public List<PaceReading> pacing() {
        return List.of(limiter.reading(), batchLimiter.reading());
    }

    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        String namePrefix = settings.name(prefix);
        if (!FILTER_VALUE.matcher(namePrefix).matches()) {
            return new Page<>(List.of(), null);
        }
        ListSecretsRequest.Builder request = ListSecretsRequest.builder()
                .maxResults(Math.max(1, Math.min(100, pageSize)))
                .nextToken(pageToken)
                .sortBy(SortByType.NAME)
                .sortOrder(SortOrderType.ASC);
        if (!namePrefix.isEmpty()) {
            request.filters(f -> f.key(FilterNameStringType.NAME).values(namePrefix));
        }
        ListSecretsResponse response = limiter.call(Operation.LIST, prefix, () -> sdk(prefix, () -> client.listSecrets(request.build())));
        List<SecretSummary> items = new ArrayList<>();
        for (SecretListEntry entry : response.secretList()) {
            if (entry.name().startsWith(namePrefix) && entry.deletedDate() == null) {
                String current = AwsRecords.currentVersion(entry.secretVersionsToStages());
                items.add(new SecretSummary(key(entry.name()), current, entry.lastChangedDate(),
                        AwsRecords.recordTags(entry.tags(), current)));
            }
        }
        // A store that hands back the token it was asked with has no more pages.
        String next = response.nextToken();
        return new Page<>(items, next != null && next.equals(pageToken) ? null : next);
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        Optional<DescribeSecretResponse> secret = describeLive(key);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        try {
            GetSecretValueResponse value = read(key, () -> client.getSecretValue(r -> r.secretId(settings.name(key))));
            return Optional.of(AwsRecords.toRecord(key, secret.get(), value.secretString(), value.secretBinary(),
                    value.versionId(), null, null));
        } catch (ProviderException e) {
            if (absent(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Map<String, SecretRecord> readBatch(Collection<String> keys) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        Map<String, SecretValueEntry> values = new HashMap<>();
        Map<String, SecretRecord> readSingly = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += BATCH_SIZE) {
            List<String> chunk = distinct.subList(from, Math.min(from + BATCH_SIZE, distinct.size()));
            Optional<BatchGetSecretValueResponse> response = batch(chunk);
            if (response.isEmpty()) {
                for (String key : chunk) {
                    read(key).ifPresent(r -> readSingly.put(key, r));
                }
                continue;
            }
            response.get().secretValues().forEach(v -> values.put(v.name(), v));
            // Missing and deleted names are simply absent; any other error per name (a KMS key the
            // caller may not use, say) is left to a single read, which reports it with its key.
            for (APIErrorType error : response.get().errors()) {
                if (!"ResourceNotFoundException".equals(error.errorCode()) && !"InvalidRequestException".equals(error.errorCode())) {
                    String key = key(error.secretId());
                    read(key).ifPresent(r -> readSingly.put(key, r));
                }
            }
        }
        Map<String, SecretRecord> found = new LinkedHashMap<>();
        for (String key : distinct) {
            SecretValueEntry value = values.get(settings.name(key));
            if (value != null) {
                describeLive(key).ifPresent(secret -> found.put(key, AwsRecords.toRecord(key, secret, value.secretString(),
                        value.secretBinary(), value.versionId(), null, null)));
            } else if (readSingly.containsKey(key)) {
                found.put(key, readSingly.get(key));
            }
        }
        return found;
    }

    /**
     * One BatchGetSecretValue. A store may refuse the call as a whole for what is wrong with one of
     * its names (one without a current value, say), naming none; then the names are read one by one,
     * so that each error names its own key. A store that cannot be reached fails the batch.
     *
     * @return the answer, or empty when the call was refused as a whole
     */
    private Optional<BatchGetSecretValueResponse> batch(List<String> chunk) {
        List<String> names = chunk.stream().map(settings::name).toList();
        try {
            return Optional.of(batchLimiter.call(Operation.READ, null,
                    () -> sdk(null, () -> client.batchGetSecretValue(r -> r.secretIdList(names)))));
        } catch (ProviderException e) {
            if (e.kind() == Kind.UNAVAILABLE || e.kind() == Kind.THROTTLED) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** A secret created without a value has no AWSCURRENT version, so reading it gives nothing. */
    @Override
    public String whyUnreadable(String key) {
        return describeLive(key)
                .filter(secret -> AwsRecords.currentVersion(secret.versionIdsToStages()) == null)
                .map(secret -> "has no current value in " + AwsErrors.STORE + " (it was created without one); "
                        + "give it a value, or leave it out with an exclude in discovery")
                .orElse(null);
    }

    /**
     * The description is kept as written; the KMS key too, unless the {@code kmsKeyId} option puts
     * every secret under one key whatever the record says. Staging labels are the store's own.
     */
    @Override
    public boolean keepsAttribute(String name) {
        return switch (name) {
            case AwsRecords.DESCRIPTION -> true;
            case AwsRecords.KMS_KEY_ID -> settings.kmsKeyId() == null;
            default -> false;
        };
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        check(record);
        String token = ClientRequestTokens.of(options.idempotencyToken());
        return switch (condition.mode()) {
            case CREATE_ONLY -> create(record, token);
            case UPSERT -> upsert(record, token);
            case IF_VERSION -> ifVersion(record, condition.version(), token);
        };
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        Optional<DescribeSecretResponse> secret = describeLive(key);
        if (secret.isEmpty()) {
            return false;
        }
        String current = AwsRecords.currentVersion(secret.get().versionIdsToStages());
        if (ifVersion != null && !ifVersion.equals(current)) {
            throw new ProviderException(Kind.CONFLICT, key, AwsErrors.STORE + " secret '" + settings.name(key)
                    + "' is at version " + current + ", not " + ifVersion + "; it changed since it was read, so it was "
                    + "not deleted: read it again and decide");
        }
        try {
            write(key, () -> client.deleteSecret(r -> {
                r.secretId(settings.name(key));
                if (settings.forceDelete()) {
                    r.forceDeleteWithoutRecovery(true);
                } else {
                    r.recoveryWindowInDays((long) settings.recoveryWindowDays());
                }
            }));
            return true;
        } catch (ProviderException e) {
            if (absent(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public HealthReport health(boolean writeProbe) {
        String endpoint = settings.endpointForMessages();
        List<String> problems = new ArrayList<>();
        try {
            healthLimiter.call(Operation.LIST, null, () -> sdk(null, () -> client.listSecrets(r -> r.maxResults(1))));
        } catch (ProviderException e) {
            problems.add(e.getMessage());
            if (!(e.getCause() instanceof AwsServiceException)) {
                // The SDK failed before an answer: without credentials it sends nothing; otherwise it found no one.
                boolean sent = e.kind() == Kind.UNAVAILABLE;
                return new HealthReport(endpoint, sent ? false : null, sent ? null : false, null, null, problems)
                        .withTransientFailure(e.retryable());
            }
            if (e.kind() == Kind.UNAVAILABLE || e.kind() == Kind.THROTTLED) {
                return new HealthReport(endpoint, true, null, null, null, problems).withTransientFailure(e.retryable());
            }
            boolean authenticated = e.kind() != Kind.DENIED || isAccessDenied(e);
            return new HealthReport(endpoint, true, authenticated, authenticated ? false : null, null, problems);
        }
        Boolean canWrite = null;
        if (writeProbe) {
            canWrite = probeWrite(problems);
        }
        return new HealthReport(endpoint, true, true, true, canWrite, problems);
    }

    @Override
    public List<SecretRecord> history(String key) {
        Optional<DescribeSecretResponse> secret = describeLive(key);
        if (secret.isEmpty()) {
            return List.of();
        }
        String name = settings.name(key);
        List<SecretVersionsListEntry> versions = new ArrayList<>();
        PageTrail trail = new PageTrail(AwsErrors.STORE, "the versions of '" + name + "'");
        Set<String> ids = new HashSet<>();
        String token = null;
        do {
            String next = token;
            ListSecretVersionIdsResponse page = read(key, () -> client.listSecretVersionIds(r -> r.secretId(name)
                    .includeDeprecated(true).maxResults(100).nextToken(next)));
            page.versions().stream().filter(v -> ids.add(v.versionId())).forEach(versions::add);
            token = trail.next(page.nextToken());
        } while (token != null);
        versions.sort(Comparator.comparing(SecretVersionsListEntry::createdDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(v -> v.versionStages().contains(AwsRecords.CURRENT)));
        List<SecretRecord> history = new ArrayList<>();
        for (SecretVersionsListEntry version : versions) {
            try {
                GetSecretValueResponse value = read(key, () -> client.getSecretValue(r -> r.secretId(name).versionId(version.versionId())));
                history.add(AwsRecords.toRecord(key, secret.get(), value.secretString(), value.secretBinary(),
                        value.versionId(), version.createdDate(), version.versionStages()));
            } catch (ProviderException e) {
                if (!absent(e)) {
                    throw e;
                }
            }
        }
        return history;
    }

    @Override
    public boolean isSoftDeleted(String key) {
        return describe(key).map(d -> d.deletedDate() != null).orElse(false);
    }

    @Override
    public void recover(String key) {
        requireScheduled(key, "recover");
        write(key, () -> client.restoreSecret(r -> r.secretId(settings.name(key))));
    }

    @Override
    public void purge(String key) {
        requireScheduled(key, "purge");
        write(key, () -> client.deleteSecret(r -> r.secretId(settings.name(key)).forceDeleteWithoutRecovery(true)));
        Settling.await(key, PURGE_SETTLES, () -> describe(key).isEmpty(),
                () -> new ProviderException(Kind.UNAVAILABLE, key, AwsErrors.STORE + " has not yet freed the name '"
                        + settings.name(key) + "' after purging it; wait a minute and write again", true, null, null));
    }

    @Override
    public void close() {
        client.close();
        http.close();
    }

    @Override
    public String toString() {
        return "AwsProvider[" + spec.toUri() + "]";
    }

    private WriteResult create(SecretRecord record, String token) {
        String key = record.key();
        CreateSecretRequest.Builder request = CreateSecretRequest.builder()
                .name(settings.name(key))
                .clientRequestToken(token)
                .tags(AwsRecords.toTags(AwsRecords.tagsToWrite(record)))
                .description(record.attributes().get(AwsRecords.DESCRIPTION))
                .kmsKeyId(kmsKeyId(record));
        if (AwsRecords.isBinary(record)) {
            request.secretBinary(AwsRecords.binary(record));
        } else {
            request.secretString(record.value().text());
        }
        CreateSecretResponse response = write(key, () -> client.createSecret(request.build()));
        return new WriteResult(response.versionId(), true);
    }

    private WriteResult upsert(SecretRecord record, String token) {
        String key = record.key();
        Optional<DescribeSecretResponse> secret = describe(key);
        if (secret.isEmpty()) {
            try {
                return create(record, token);
            } catch (ProviderException e) {
                if (e.kind() != Kind.EXISTS) {
                    throw e;
                }
                secret = describe(key);
                if (secret.isEmpty()) {
                    throw e;
                }
            }
        }
        if (secret.get().deletedDate() != null) {
            throw AwsErrors.scheduled(key, settings.name(key), null);
        }
        return update(record, secret.get(), token);
    }

    private WriteResult ifVersion(SecretRecord record, String expected, String token) {
        String key = record.key();
        Optional<DescribeSecretResponse> secret = describeLive(key);
        if (secret.isEmpty()) {
            throw new ProviderException(Kind.CONFLICT, key, AwsErrors.STORE + " has no secret '" + settings.name(key)
                    + "', which was expected at version " + expected + "; it was deleted since it was read: plan again");
        }
        Map<String, List<String>> versions = secret.get().versionIdsToStages();
        boolean retry = token != null && versions.containsKey(token);
        String current = AwsRecords.currentVersion(versions);
        if (!retry && !expected.equals(current)) {
            throw new ProviderException(Kind.CONFLICT, key, AwsErrors.STORE + " secret '" + settings.name(key)
                    + "' is at version " + current + ", not " + expected + "; someone wrote it since it was read, so "
                    + "this write was not made: plan again");
        }
        return update(record, secret.get(), token);
    }

    /** Writes a new version of an existing secret, then makes its tags, description and KMS key the record's. */
    private WriteResult update(SecretRecord record, DescribeSecretResponse secret, String token) {
        String key = record.key();
        String name = settings.name(key);
        Map<String, List<String>> versions = secret.versionIdsToStages();
        boolean retry = token != null && versions.containsKey(token);
        PutSecretValueRequest.Builder put = PutSecretValueRequest.builder().secretId(name).clientRequestToken(token);
        if (AwsRecords.isBinary(record)) {
            put.secretBinary(AwsRecords.binary(record));
        } else {
            put.secretString(record.value().text());
        }
        String version;
        try {
            version = write(key, () -> client.putSecretValue(put.build())).versionId();
        } catch (ProviderException e) {
            if (e.kind() == Kind.EXISTS) {
                throw new ProviderException(Kind.CONFLICT, key, AwsErrors.STORE + " already has version " + token
                        + " of '" + name + "' with another value: the idempotency token was used for different data; "
                        + "give each distinct write its own token", e.getCause());
            }
            throw e;
        }
        Map<String, String> current = AwsRecords.tags(secret.tags());
        Map<String, String> desired = AwsRecords.tagsToWrite(record);
        List<String> removed = current.keySet().stream().filter(k -> !desired.containsKey(k)).toList();
        Map<String, String> changed = new LinkedHashMap<>();
        desired.forEach((k, v) -> {
            if (!v.equals(current.get(k))) {
                changed.put(k, v);
            }
        });
        if (!removed.isEmpty()) {
            write(key, () -> client.untagResource(r -> r.secretId(name).tagKeys(removed)));
        }
        if (!changed.isEmpty()) {
            write(key, () -> client.tagResource(r -> r.secretId(name).tags(AwsRecords.toTags(changed))));
        }
        String description = record.attributes().get(AwsRecords.DESCRIPTION);
        String kms = kmsKeyId(record);
        boolean newDescription = description != null && !description.equals(secret.description());
        boolean newKey = kms != null && !kms.equals(secret.kmsKeyId());
        if (newDescription || newKey) {
            UpdateSecretRequest.Builder update = UpdateSecretRequest.builder().secretId(name);
            if (newDescription) {
                update.description(description);
            }
            if (newKey) {
                update.kmsKeyId(kms);
            }
            write(key, () -> client.updateSecret(update.build()));
        }
        // A retry reports a creation when the token's version is the secret's only labelled one: the
        // case where this write's first attempt created the secret.
        return new WriteResult(version, retry && versions.size() == 1);
    }

    private String kmsKeyId(SecretRecord record) {
        return settings.kmsKeyId() != null ? settings.kmsKeyId() : record.attributes().get(AwsRecords.KMS_KEY_ID);
    }

    /** Refuses, before any call, what Secrets Manager would refuse, so that nothing is half-written. */
    private void check(SecretRecord record) {
        List<String> problems = violations(record);
        if (!problems.isEmpty()) {
            throw new ProviderException(Kind.INVALID, record.key(), AwsErrors.STORE + " cannot take '" + record.key() + "': "
                    + String.join("; ", problems));
        }
    }

    @Override
    public List<String> violations(SecretRecord record) {
        List<String> problems = new ArrayList<>(constraints.violations(record, record.value().size()));
        if (record.value().isEmpty()) {
            problems.add("value is empty; " + AwsErrors.STORE + " keeps values of 1 to 65,536 bytes, so give it a value or "
                    + "leave the record out");
        }
        record.tags().keySet().stream().filter(t -> t.regionMatches(true, 0, "aws:", 0, 4))
                .forEach(t -> problems.add("tag '" + t + "' uses the prefix aws:, which AWS reserves; rename it with a tag transform"));
        if (record.tags().containsKey(AwsRecords.CONTENT_TYPE_TAG)) {
            problems.add("tag '" + AwsRecords.CONTENT_TYPE_TAG + "' is where Ferry keeps the content type; rename it with a tag transform");
        }
        Map<String, String> tags = AwsRecords.tagsToWrite(record);
        String contentType = tags.get(AwsRecords.CONTENT_TYPE_TAG);
        int own = Constraints.ownTags(record);
        if (contentType != null && own <= constraints.maxTags()) {
            if (own + 1 > constraints.maxTags()) {
                problems.add("has " + own + " tags and content type " + record.contentType() + ", which "
                        + "takes one more; " + AwsErrors.STORE + " allows " + constraints.maxTags() + ": drop a tag");
            }
            if (contentType.length() > constraints.maxTagValueLength() || !AwsRecords.TAG_VALUE.matcher(contentType).matches()) {
                problems.add("content type '" + contentType + "' cannot be kept in a tag (at most 256 letters, digits, "
                        + "spaces and _.:/=+-@); set a plain one with a transform");
            }
        }
        return problems;
    }

    private Optional<DescribeSecretResponse> describe(String key) {
        try {
            return Optional.of(read(key, () -> client.describeSecret(r -> r.secretId(settings.name(key)))));
        } catch (ProviderException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<DescribeSecretResponse> describeLive(String key) {
        return describe(key).filter(d -> d.deletedDate() == null);
    }

    private void requireScheduled(String key, String what) {
        if (describe(key).map(d -> d.deletedDate() == null).orElse(true)) {
            throw new ProviderException(Kind.NOT_FOUND, key, AwsErrors.STORE + " has no secret '" + settings.name(key)
                    + "' scheduled for deletion, so there is nothing to " + what);
        }
    }

    private boolean probeWrite(List<String> problems) {
        String key = WriteProbe.key();
        String name = settings.name(key);
        return WriteProbe.run(name,
                () -> write(key, () -> client.createSecret(r -> r.name(name).secretString("ferry health probe")
                        .description("written and deleted at once by ferry's health check"))),
                () -> write(key, () -> client.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true))),
                problems);
    }

    private <T> T read(String key, Supplier<T> call) {
        return limiter.call(Operation.READ, key, () -> sdk(key, call));
    }

    private <T> T write(String key, Supplier<T> call) {
        return limiter.call(Operation.WRITE, key, () -> sdk(key, call));
    }

    private <T> T sdk(String key, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw errors.map(e, key);
        }
    }

    private String key(String name) {
        return name.substring(settings.prefix().length());
    }

    /** A value read between a describe and a get can vanish: deleted, or scheduled for deletion. */
    private static boolean absent(ProviderException e) {
        return e.kind() == Kind.NOT_FOUND
                || (e.getCause() instanceof AwsServiceException s && AwsErrors.scheduledForDeletion(s));
    }

    private static boolean isAccessDenied(ProviderException e) {
        return e.getCause() instanceof AwsServiceException s && AwsErrors.code(s).equals("AccessDeniedException");
    }

    private static Constraints scoped(Constraints aws, String prefix) {
        int max = aws.maxNameLength() - prefix.length();
        if (prefix.isEmpty()) {
            return aws;
        }
        return new Constraints(aws.store(), Pattern.compile("[A-Za-z0-9/_+=.@-]{1," + Math.max(1, max) + "}"),
                aws.nameRule() + " (" + max + " under the prefix " + prefix + ")", Math.max(1, max), aws.maxValueBytes(),
                aws.maxTags(), aws.maxTagKeyLength(), aws.maxTagValueLength(), aws.caseSensitive(), aws.textOnly(),
                aws.nameCharacters());
    }
}
