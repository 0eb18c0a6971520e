package io.ferry.testkit.server.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The secrets of one emulated account and region, with the semantics of AWS Secrets Manager: every
 * value written is a version whose id is the request's {@code ClientRequestToken}; the staging label
 * {@code AWSCURRENT} moves to a new version and {@code AWSPREVIOUS} to the one it left; versions
 * without a label beyond the newest 100 are pruned; a repeated token with the same value is a no-op
 * and with another value an error; a deleted secret stays, blocking its name, until its recovery
 * window ends or it is deleted without recovery (the window never ends while the store runs).
 *
 * <p>Each operation takes the request's JSON and returns the response's, as the wire protocol does.
 * Listings without {@code SortBy} are ordered newest first by creation date. Thread-safe.
 */
public final class SecretsManagerStore {

    /** The most bytes a SecretString or SecretBinary holds. */
    public static final int MAX_VALUE_BYTES = 65_536;
    /** The most tags a secret carries. */
    public static final int MAX_TAGS = 50;
    /** The most versions without a staging label kept per secret. */
    public static final int MAX_UNLABELED_VERSIONS = 100;

    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String ACCOUNT = "123456789012";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] SUFFIX = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final Map<String, Secret> secrets = new TreeMap<>();
    private long lastMillis;
    private LastPage lastPage = LastPage.NO_TOKEN;
    private boolean batchesFailWhole;

    /** How the last page of a listing ends: implementations of the API differ. */
    public enum LastPage {
        /** Without a {@code NextToken}, as AWS answers. */
        NO_TOKEN,
        /** With {@code "NextToken": ""}, as independent implementations answer. */
        EMPTY_TOKEN,
        /**
         * With the token the page was asked with (a listing of one page, asked without a token, ends
         * without one), so that a client that only stops on a missing token never stops.
         */
        SAME_TOKEN
    }

    /**
     * Makes every listing (ListSecrets, ListSecretVersionIds, BatchGetSecretValue by filter) end its
     * last page the given way.
     *
     * @param how how the last page ends
     */
    public synchronized void endListingsWith(LastPage how) {
        this.lastPage = how;
    }

    /**
     * Makes BatchGetSecretValue by names refuse the whole call with the first name's error, naming no
     * secret, as independent implementations do, instead of listing it among the call's errors.
     *
     * @param whole whether a batch fails as a whole
     */
    public synchronized void failBatchesWhole(boolean whole) {
        this.batchesFailWhole = whole;
    }

    private static final class Version {
        final String id;
        final String string;
        final byte[] binary;
        final Instant created;
        final Set<String> stages = new LinkedHashSet<>();

        Version(String id, String string, byte[] binary, Instant created) {
            this.id = id;
            this.string = string;
            this.binary = binary;
            this.created = created;
        }

        boolean sameValue(String otherString, byte[] otherBinary) {
            return Objects.equals(string, otherString) && Arrays.equals(binary, otherBinary);
        }
    }

    private static final class Secret {
        final String name;
        final String arn;
        final Instant created;
        String description;
        String kmsKeyId;
        Instant lastChanged;
        Instant deletionDate;
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, Version> versions = new LinkedHashMap<>();

        Secret(String name, String arn, Instant created) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.lastChanged = created;
        }

        Version holder(String stage) {
            return versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst().orElse(null);
        }
    }

    /** @return the names of every secret kept, scheduled for deletion or not, in name order */
    public synchronized List<String> names() {
        return List.copyOf(secrets.keySet());
    }

    /**
     * @param name a secret's name
     * @return how many versions it keeps, labelled or not; 0 when there is no such secret
     */
    public synchronized int versionCount(String name) {
        Secret s = secrets.get(name);
        return s == null ? 0 : s.versions.size();
    }

    /**
     * @param name a secret's name
     * @return whether it is scheduled for deletion
     */
    public synchronized boolean isScheduledForDeletion(String name) {
        Secret s = secrets.get(name);
        return s != null && s.deletionDate != null;
    }

    synchronized ObjectNode createSecret(JsonNode in, String region) {
        String name = text(in, "Name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw AwsServiceError.invalidParameter("Invalid name. Must be a valid name containing alphanumeric "
                    + "characters, or any of the following: -/_+=.@!");
        }
        String string = text(in, "SecretString");
        byte[] binary = binary(in);
        checkValue(string, binary, false);
        String token = token(in);
        String description = description(in);
        Map<String, String> tags = tags(in.get("Tags"));
        checkTagCount(tags.size());
        Secret existing = secrets.get(name);
        if (existing != null) {
            if (existing.deletionDate != null) {
                throw AwsServiceError.invalidRequest("You can't create this secret because a secret with this name "
                        + "is already scheduled for deletion.");
            }
            Version retried = existing.versions.get(token);
            if (retried != null && retried.sameValue(string, binary)) {
                return identity(existing).put("VersionId", retried.id);
            }
            throw new AwsServiceError("ResourceExistsException", "The operation failed because the secret " + name
                    + " already exists.");
        }
        Instant now = now();
        Secret secret = new Secret(name, "arn:aws:secretsmanager:" + region + ":" + ACCOUNT + ":secret:" + name + "-" + suffix(), now);
        secret.description = description;
        secret.kmsKeyId = text(in, "KmsKeyId");
        secret.tags.putAll(tags);
        secrets.put(name, secret);
        ObjectNode out = identity(secret);
        if (string != null || binary != null) {
            Version version = new Version(token, string, binary, now);
            version.stages.add(CURRENT);
            secret.versions.put(token, version);
            out.put("VersionId", token);
        }
        return out;
    }

    synchronized ObjectNode getSecretValue(JsonNode in) {
        Secret secret = live(text(in, "SecretId"));
        return valueEntry(secret, select(secret, text(in, "VersionId"), text(in, "VersionStage")));
    }

    synchronized ObjectNode batchGetSecretValue(JsonNode in) {
        JsonNode ids = in.get("SecretIdList");
        JsonNode filters = in.get("Filters");
        boolean byIds = ids != null && !ids.isNull();
        if (byIds == (filters != null && !filters.isNull())) {
            throw AwsServiceError.invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode values = out.putArray("SecretValues");
        ArrayNode errors = out.putArray("Errors");
        if (byIds) {
            if (ids.size() > 20) {
                throw AwsServiceError.invalidParameter("SecretIdList can hold at most 20 secret ids.");
            }
            for (JsonNode id : ids) {
                try {
                    Secret secret = live(id.asText());
                    values.add(valueEntry(secret, select(secret, null, null)));
                } catch (AwsServiceError e) {
                    if (batchesFailWhole) {
                        throw e;
                    }
                    errors.addObject().put("SecretId", id.asText()).put("ErrorCode", e.type()).put("Message", e.getMessage());
                }
            }
            return out;
        }
        Listing page = page(in, matching(filters), 20);
        for (Secret secret : page.secrets) {
            Version current = secret.holder(CURRENT);
            if (current != null) {
                values.add(valueEntry(secret, current));
            }
        }
        nextToken(out, page.nextToken, text(in, "NextToken"));
        return out;
    }

    synchronized ObjectNode putSecretValue(JsonNode in) {
        Secret secret = live(text(in, "SecretId"));
        String string = text(in, "SecretString");
        byte[] binary = binary(in);
        checkValue(string, binary, true);
        List<String> stages = new ArrayList<>();
        JsonNode given = in.get("VersionStages");
        if (given == null || given.isNull()) {
            stages.add(CURRENT);
        } else {
            given.forEach(s -> stages.add(s.asText()));
        }
        Version version = write(secret, token(in), string, binary, stages);
        ObjectNode out = identity(secret).put("VersionId", version.id);
        version.stages.forEach(out.putArray("VersionStages")::add);
        return out;
    }

    synchronized ObjectNode updateSecret(JsonNode in) {
        Secret secret = live(text(in, "SecretId"));
        String string = text(in, "SecretString");
        byte[] binary = binary(in);
        String description = description(in);
        ObjectNode out = identity(secret);
        if (string != null || binary != null) {
            checkValue(string, binary, true);
            out.put("VersionId", write(secret, token(in), string, binary, List.of(CURRENT)).id);
        }
        if (description != null) {
            secret.description = description;
        }
        if (text(in, "KmsKeyId") != null) {
            secret.kmsKeyId = text(in, "KmsKeyId");
        }
        secret.lastChanged = now();
        return out;
    }

    synchronized ObjectNode describeSecret(JsonNode in) {
        Secret secret = find(text(in, "SecretId"));
        ObjectNode out = summary(secret);
        ObjectNode stages = out.putObject("VersionIdsToStages");
        secret.versions.values().stream().filter(v -> !v.stages.isEmpty())
                .forEach(v -> v.stages.forEach(stages.putArray(v.id)::add));
        return out;
    }

    synchronized ObjectNode listSecrets(JsonNode in) {
        Predicate<Secret> filter = matching(in.get("Filters"));
        boolean includeDeleted = in.path("IncludePlannedDeletion").asBoolean(false);
        Listing page = page(in, s -> (includeDeleted || s.deletionDate == null) && filter.test(s), 100);
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("SecretList");
        for (Secret secret : page.secrets) {
            ObjectNode entry = summary(secret);
            ObjectNode stages = entry.putObject("SecretVersionsToStages");
            secret.versions.values().stream().filter(v -> !v.stages.isEmpty())
                    .forEach(v -> v.stages.forEach(stages.putArray(v.id)::add));
            list.add(entry);
        }
        nextToken(out, page.nextToken, text(in, "NextToken"));
        return out;
    }

    synchronized ObjectNode listSecretVersionIds(JsonNode in) {
        Secret secret = find(text(in, "SecretId"));
        boolean deprecated = in.path("IncludeDeprecated").asBoolean(false);
        List<Version> versions = secret.versions.values().stream().filter(v -> deprecated || !v.stages.isEmpty()).toList();
        int size = maxResults(in, 100);
        int from = offset(text(in, "NextToken"));
        ObjectNode out = identity(secret);
        ArrayNode list = out.putArray("Versions");
        for (Version v : versions.subList(Math.min(from, versions.size()), Math.min(from + size, versions.size()))) {
            ObjectNode entry = list.addObject().put("VersionId", v.id);
            v.stages.forEach(entry.putArray("VersionStages")::add);
            entry.put("CreatedDate", epoch(v.created));
        }
        String next = from + size < versions.size()
                ? Base64.getEncoder().encodeToString(Integer.toString(from + size).getBytes(StandardCharsets.UTF_8)) : null;
        nextToken(out, next, text(in, "NextToken"));
        return out;
    }

    synchronized ObjectNode deleteSecret(JsonNode in) {
        Secret secret = find(text(in, "SecretId"));
        boolean force = in.path("ForceDeleteWithoutRecovery").asBoolean(false);
        JsonNode window = in.get("RecoveryWindowInDays");
        boolean windowGiven = window != null && !window.isNull();
        if (force && windowGiven) {
            throw AwsServiceError.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with "
                    + "RecoveryWindowInDays.");
        }
        long days = windowGiven ? window.asLong() : 30;
        if (days < 7 || days > 30) {
            throw AwsServiceError.invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        if (!force && secret.deletionDate != null) {
            throw AwsServiceError.invalidRequest("You can't perform this operation on the secret because it was "
                    + "already scheduled for deletion.");
        }
        Instant now = now();
        ObjectNode out = identity(secret);
        if (force) {
            secrets.remove(secret.name);
            out.put("DeletionDate", epoch(now));
        } else {
            secret.deletionDate = now.plus(Duration.ofDays(days));
            out.put("DeletionDate", epoch(secret.deletionDate));
        }
        return out;
    }

    synchronized ObjectNode restoreSecret(JsonNode in) {
        Secret secret = find(text(in, "SecretId"));
        secret.deletionDate = null;
        secret.lastChanged = now();
        return identity(secret);
    }

    synchronized ObjectNode tagResource(JsonNode in) {
        Secret secret = live(text(in, "SecretId"));
        Map<String, String> tags = tags(in.get("Tags"));
        Map<String, String> merged = new LinkedHashMap<>(secret.tags);
        merged.putAll(tags);
        checkTagCount(merged.size());
        secret.tags.clear();
        secret.tags.putAll(merged);
        return JSON.objectNode();
    }

    synchronized ObjectNode untagResource(JsonNode in) {
        Secret secret = live(text(in, "SecretId"));
        in.path("TagKeys").forEach(k -> secret.tags.remove(k.asText()));
        return JSON.objectNode();
    }

    synchronized ObjectNode updateSecretVersionStage(JsonNode in) {
        Secret secret = live(text(in, "SecretId"));
        String stage = text(in, "VersionStage");
        if (stage == null || stage.isEmpty()) {
            throw AwsServiceError.invalidParameter("VersionStage is required.");
        }
        String removeFrom = text(in, "RemoveFromVersionId");
        String moveTo = text(in, "MoveToVersionId");
        Version holder = secret.holder(stage);
        if (holder != null && moveTo != null && !holder.id.equals(removeFrom) && !holder.id.equals(moveTo)) {
            throw AwsServiceError.invalidParameter("The staging label " + stage + " is currently attached to version "
                    + holder.id + ", so you must explicitly reference that version in RemoveFromVersionId.");
        }
        Version from = removeFrom == null ? null : secret.versions.get(removeFrom);
        if (removeFrom != null && from == null) {
            throw new AwsServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret version: " + removeFrom);
        }
        if (moveTo != null) {
            Version to = secret.versions.get(moveTo);
            if (to == null) {
                throw new AwsServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret version: " + moveTo);
            }
            label(secret, to, stage);
        } else if (from != null) {
            if (stage.equals(CURRENT)) {
                throw AwsServiceError.invalidParameter("You can only move staging label AWSCURRENT to a different secret "
                        + "version. It can't be completely removed.");
            }
            from.stages.remove(stage);
        }
        prune(secret);
        secret.lastChanged = now();
        return identity(secret);
    }

    private Version write(Secret secret, String token, String string, byte[] binary, List<String> stages) {
        Version existing = secret.versions.get(token);
        if (existing != null) {
            if (existing.sameValue(string, binary)) {
                return existing;
            }
            throw new AwsServiceError("ResourceExistsException", "A resource with the ID you requested already exists: "
                    + "version " + token + " of secret " + secret.name + " holds another value, and versions cannot be "
                    + "changed; write with a new ClientRequestToken.");
        }
        if (stages.size() > 20) {
            throw AwsServiceError.invalidParameter("A version can carry at most 20 staging labels.");
        }
        Instant now = now();
        Version version = new Version(token, string, binary, now);
        secret.versions.put(token, version);
        for (String stage : stages) {
            label(secret, version, stage);
        }
        prune(secret);
        secret.lastChanged = now;
        return version;
    }

    private static void label(Secret secret, Version to, String stage) {
        Version from = secret.holder(stage);
        if (from == to) {
            return;
        }
        if (from != null) {
            from.stages.remove(stage);
        }
        to.stages.add(stage);
        if (stage.equals(CURRENT) && from != null) {
            Version previous = secret.holder(PREVIOUS);
            if (previous != null) {
                previous.stages.remove(PREVIOUS);
            }
            from.stages.add(PREVIOUS);
        }
    }

    private static void prune(Secret secret) {
        long unlabeled = secret.versions.values().stream().filter(v -> v.stages.isEmpty()).count();
        Iterator<Version> oldestFirst = secret.versions.values().iterator();
        while (unlabeled > MAX_UNLABELED_VERSIONS && oldestFirst.hasNext()) {
            if (oldestFirst.next().stages.isEmpty()) {
                oldestFirst.remove();
                unlabeled--;
            }
        }
    }

    private record Listing(List<Secret> secrets, String nextToken) {
    }

    /** Puts the next page's token, or ends the last page as {@link #endListingsWith} says. */
    private void nextToken(ObjectNode out, String next, String asked) {
        if (next != null) {
            out.put("NextToken", next);
            return;
        }
        switch (lastPage) {
            case NO_TOKEN -> { }
            case EMPTY_TOKEN -> out.put("NextToken", "");
            case SAME_TOKEN -> {
                if (asked != null) {
                    out.put("NextToken", asked);
                }
            }
        }
    }

    private Listing page(JsonNode in, Predicate<Secret> filter, int defaultSize) {
        int size = maxResults(in, defaultSize);
        String sortBy = in.path("SortBy").asText("created-date");
        boolean ascending = in.path("SortOrder").asText(sortBy.equals("name") ? "asc" : "desc").equals("asc");
        Comparator<String> order = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        List<Secret> sorted = secrets.values().stream().filter(filter)
                .sorted(Comparator.comparing((Secret s) -> sortKey(s, sortBy), order)).toList();
        String after = text(in, "NextToken");
        String afterKey = after == null ? null : new String(decodeToken(after), StandardCharsets.UTF_8);
        List<Secret> rest = afterKey == null ? sorted
                : sorted.stream().filter(s -> order.compare(sortKey(s, sortBy), afterKey) > 0).toList();
        List<Secret> page = rest.subList(0, Math.min(size, rest.size()));
        String next = rest.size() > size
                ? Base64.getEncoder().encodeToString(sortKey(page.get(page.size() - 1), sortBy).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Listing(page, next);
    }

    private static String sortKey(Secret s, String sortBy) {
        return switch (sortBy) {
            case "name" -> s.name;
            case "created-date" -> String.format("%020d", s.created.toEpochMilli()) + '\u0000' + s.name;
            case "last-changed-date", "last-accessed-date" -> String.format("%020d", s.lastChanged.toEpochMilli()) + '\u0000' + s.name;
            default -> throw AwsServiceError.invalidParameter("SortBy must be one of created-date, last-accessed-date, "
                    + "last-changed-date, name.");
        };
    }

    private static Predicate<Secret> matching(JsonNode filters) {
        Predicate<Secret> all = s -> true;
        if (filters == null || filters.isNull()) {
            return all;
        }
        for (JsonNode filter : filters) {
            String key = filter.path("Key").asText();
            List<String> values = new ArrayList<>();
            filter.path("Values").forEach(v -> values.add(v.asText()));
            Predicate<Secret> any = s -> false;
            for (String value : values) {
                boolean negated = value.startsWith("!");
                String prefix = negated ? value.substring(1) : value;
                Predicate<Secret> one = switch (key) {
                    case "name" -> s -> s.name.startsWith(prefix);
                    case "description" -> s -> s.description != null && s.description.startsWith(prefix);
                    case "tag-key" -> s -> s.tags.keySet().stream().anyMatch(k -> k.startsWith(prefix));
                    case "tag-value" -> s -> s.tags.values().stream().anyMatch(v -> v.startsWith(prefix));
                    case "all" -> s -> s.name.startsWith(prefix) || (s.description != null && s.description.startsWith(prefix))
                            || s.tags.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix) || e.getValue().startsWith(prefix));
                    case "primary-region", "owning-service" -> s -> false;
                    default -> throw AwsServiceError.invalidParameter("Invalid filter key " + key + "; use description, "
                            + "name, tag-key, tag-value, primary-region, owning-service or all.");
                };
                any = any.or(negated ? one.negate() : one);
            }
            all = all.and(any);
        }
        return all;
    }

    private Secret find(String id) {
        if (id == null || id.isEmpty()) {
            throw AwsServiceError.invalidParameter("SecretId is required.");
        }
        Secret secret = secrets.get(id);
        if (secret == null) {
            secret = secrets.values().stream().filter(s -> s.arn.equals(id)).findFirst().orElse(null);
        }
        if (secret == null) {
            throw AwsServiceError.notFound();
        }
        return secret;
    }

    private Secret live(String id) {
        Secret secret = find(id);
        if (secret.deletionDate != null) {
            throw AwsServiceError.invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
        }
        return secret;
    }

    private static Version select(Secret secret, String versionId, String stage) {
        if (versionId != null) {
            Version v = secret.versions.get(versionId);
            if (v == null || (stage != null && !v.stages.contains(stage))) {
                throw new AwsServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret "
                        + "value for VersionId: " + versionId);
            }
            return v;
        }
        String label = stage == null ? CURRENT : stage;
        Version v = secret.holder(label);
        if (v == null) {
            throw new AwsServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret "
                    + "value for staging label: " + label);
        }
        return v;
    }

    private static ObjectNode identity(Secret secret) {
        return JSON.objectNode().put("ARN", secret.arn).put("Name", secret.name);
    }

    private static ObjectNode valueEntry(Secret secret, Version v) {
        ObjectNode out = identity(secret).put("VersionId", v.id);
        if (v.string != null) {
            out.put("SecretString", v.string);
        } else {
            out.put("SecretBinary", Base64.getEncoder().encodeToString(v.binary));
        }
        v.stages.forEach(out.putArray("VersionStages")::add);
        out.put("CreatedDate", epoch(v.created));
        return out;
    }

    private static ObjectNode summary(Secret secret) {
        ObjectNode out = identity(secret);
        if (secret.description != null) {
            out.put("Description", secret.description);
        }
        if (secret.kmsKeyId != null) {
            out.put("KmsKeyId", secret.kmsKeyId);
        }
        out.put("RotationEnabled", false);
        out.put("LastChangedDate", epoch(secret.lastChanged));
        if (secret.deletionDate != null) {
            out.put("DeletedDate", epoch(secret.deletionDate));
        }
        ArrayNode tags = out.putArray("Tags");
        secret.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        out.put("CreatedDate", epoch(secret.created));
        return out;
    }

    private static void checkValue(String string, byte[] binary, boolean required) {
        if (string != null && binary != null) {
            throw AwsServiceError.invalidParameter("You can't specify both a binary secret value and a string secret "
                    + "value in the same secret.");
        }
        if (required && string == null && binary == null) {
            throw AwsServiceError.invalidParameter("You must provide either SecretString or SecretBinary.");
        }
        String member = string != null ? "secretString" : "secretBinary";
        int size = string != null ? string.getBytes(StandardCharsets.UTF_8).length : binary == null ? -1 : binary.length;
        if (size == 0) {
            throw new AwsServiceError("ValidationException", "1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        if (size > MAX_VALUE_BYTES) {
            throw new AwsServiceError("ValidationException", "1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + MAX_VALUE_BYTES);
        }
    }

    private static void checkTagCount(int count) {
        if (count > MAX_TAGS) {
            throw new AwsServiceError("ValidationException", "1 validation error detected: a secret can have at most "
                    + MAX_TAGS + " tags; this request would give it " + count);
        }
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags == null || tags.isNull()) {
            return out;
        }
        for (JsonNode tag : tags) {
            String key = tag.path("Key").asText("");
            String value = tag.path("Value").asText("");
            if (key.isEmpty() || key.length() > 128 || value.length() > 256) {
                throw new AwsServiceError("ValidationException", "1 validation error detected: tag keys have 1-128 "
                        + "characters and tag values at most 256.");
            }
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw AwsServiceError.invalidParameter("Invalid tag key: the aws: prefix is reserved for AWS use.");
            }
            out.put(key, value);
        }
        return out;
    }

    private static String token(JsonNode in) {
        String token = text(in, "ClientRequestToken");
        if (token == null) {
            return UUID.randomUUID().toString();
        }
        if (token.length() < 32 || token.length() > 64) {
            throw new AwsServiceError("ValidationException", "1 validation error detected: Value at 'clientRequestToken' "
                    + "failed to satisfy constraint: Member must have length between 32 and 64");
        }
        return token;
    }

    private static String description(JsonNode in) {
        String description = text(in, "Description");
        if (description != null && description.length() > 2048) {
            throw new AwsServiceError("ValidationException", "1 validation error detected: Value at 'description' "
                    + "failed to satisfy constraint: Member must have length less than or equal to 2048");
        }
        return description;
    }

    private static int maxResults(JsonNode in, int fallback) {
        JsonNode max = in.get("MaxResults");
        if (max == null || max.isNull()) {
            return fallback;
        }
        int size = max.asInt();
        if (size < 1 || size > 100) {
            throw new AwsServiceError("ValidationException", "1 validation error detected: Value at 'maxResults' "
                    + "failed to satisfy constraint: Member must have value between 1 and 100");
        }
        return size;
    }

    private static int offset(String token) {
        if (token == null) {
            return 0;
        }
        try {
            return Integer.parseInt(new String(decodeToken(token), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            throw AwsServiceError.invalidParameter("Invalid NextToken.");
        }
    }

    private static byte[] decodeToken(String token) {
        try {
            return Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw AwsServiceError.invalidParameter("Invalid NextToken.");
        }
    }

    private static String text(JsonNode in, String field) {
        JsonNode node = in.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static byte[] binary(JsonNode in) {
        String encoded = text(in, "SecretBinary");
        if (encoded == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw AwsServiceError.invalidParameter("SecretBinary is not valid base64.");
        }
    }

    private static BigDecimal epoch(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    /** A clock that never repeats a millisecond, so that versions written back to back keep their order by date. */
    private Instant now() {
        lastMillis = Math.max(System.currentTimeMillis(), lastMillis + 1);
        return Instant.ofEpochMilli(lastMillis);
    }

    private static String suffix() {
        char[] s = new char[6];
        for (int i = 0; i < s.length; i++) {
            s[i] = SUFFIX[RANDOM.nextInt(SUFFIX.length)];
        }
        return new String(s);
    }
}
