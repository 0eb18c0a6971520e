package io.ferry.provider.aws;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.Ownership;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Maps Secrets Manager's secrets to and from {@link SecretRecord}s.
 *
 * <p>Secrets Manager keeps no content type, so it is inferred from the value: a SecretBinary is
 * {@value SecretRecord#BINARY}, a SecretString that is a JSON object {@value SecretRecord#JSON},
 * any other SecretString {@value SecretRecord#TEXT}. A record whose content type differs from that
 * inference (none at all, or one such as {@code application/x-pem-file}) carries it in the tag
 * {@value #CONTENT_TYPE_TAG} ({@value #NO_CONTENT_TYPE} for none), which reads hide from the record's tags; so every
 * content type round-trips, and secrets written by other tools read as inferred. A value is written
 * as SecretBinary when its content type is binary or it is not valid UTF-8, otherwise as SecretString. The description and KMS key become the attributes {@value #DESCRIPTION} and
 * {@value #KMS_KEY_ID}; history records also carry their staging labels as {@value #STAGES}.
 * The VersionId is the record's version; the secret's CreatedDate and LastChangedDate its created
 * and updated times (in history, updated is the version's own CreatedDate).
 *
 * <p>The engine's ownership mark is a tag like any other while there is room for it. A record
 * that fills the store's 50 tags (with the content-type tag, when it needs one) is written without
 * it, and reads back marked when its current version is one Ferry wrote: Ferry's writes make
 * versions whose ids are its idempotency tokens ({@link ClientRequestTokens#isFerrys}).
 */
final class AwsRecords {

    /** The attribute holding the secret's description. */
    static final String DESCRIPTION = "description";
    /** The attribute holding the secret's KMS key id. */
    static final String KMS_KEY_ID = "kmsKeyId";
    /** The attribute holding a version's staging labels, comma-separated. */
    static final String STAGES = "stages";
    /** The tag that keeps a content type the value does not show; hidden from the record's tags. */
    static final String CONTENT_TYPE_TAG = "ferry-content-type";
    /** The value of {@value #CONTENT_TYPE_TAG} for a record without a content type. */
    static final String NO_CONTENT_TYPE = "none";
    /** The characters AWS takes in a tag value. */
    static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    /** The staging label of the current version. */
    static final String CURRENT = "AWSCURRENT";
    /** The most tags a secret carries. */
    static final int MAX_TAGS = 50;

    private AwsRecords() {
    }

    /**
     * @param record a record to write
     * @return whether its value goes to SecretBinary
     */
    static boolean isBinary(SecretRecord record) {
        return SecretRecord.BINARY.equals(record.contentType()) || !record.value().isUtf8();
    }

    /**
     * @param record a record to write
     * @return its value as SecretBinary
     */
    static SdkBytes binary(SecretRecord record) {
        return SdkBytes.fromByteArray(record.value().bytes());
    }

    /**
     * @param key the record's key
     * @param secret the secret's metadata
     * @param string the SecretString, or null
     * @param binary the SecretBinary, or null
     * @param versionId the version read
     * @param versionCreated when that version was written, for history; null for the current value
     * @param stages that version's staging labels, for history; null for the current value
     * @return the record
     */
    static SecretRecord toRecord(String key, DescribeSecretResponse secret, String string, SdkBytes binary,
                                 String versionId, Instant versionCreated, List<String> stages) {
        SecretRecord.Builder b = SecretRecord.builder(key);
        SecretValue value = binary != null ? SecretValue.ofOwnedBytes(binary.asByteArray()) : SecretValue.ofText(string == null ? "" : string);
        Map<String, String> tags = tags(secret.tags());
        String kept = tags.remove(CONTENT_TYPE_TAG);
        b.value(value).contentType(kept != null ? (kept.equals(NO_CONTENT_TYPE) ? null : kept) : inferred(binary != null, value));
        b.tags(withMark(tags, kept != null, currentVersion(secret.versionIdsToStages())));
        if (secret.description() != null) {
            b.attribute(DESCRIPTION, secret.description());
        }
        if (secret.kmsKeyId() != null) {
            b.attribute(KMS_KEY_ID, secret.kmsKeyId());
        }
        if (stages != null) {
            b.attribute(STAGES, String.join(",", stages));
        }
        return b.version(versionId)
                .createdAt(secret.createdDate())
                .updatedAt(versionCreated != null ? versionCreated : secret.lastChangedDate())
                .build();
    }

    /**
     * @param binary whether the value is a SecretBinary
     * @param value the value
     * @return the content type the value shows
     */
    static String inferred(boolean binary, SecretValue value) {
        if (binary) {
            return SecretRecord.BINARY;
        }
        return SecretRecord.parseJsonObject(value) != null ? SecretRecord.JSON : SecretRecord.TEXT;
    }

    /**
     * @param record a record to write
     * @return the tags the secret gets: the record's, plus {@value #CONTENT_TYPE_TAG} when the value
     *     does not show the record's content type
     */
    static Map<String, String> tagsToWrite(SecretRecord record) {
        Map<String, String> tags = new LinkedHashMap<>(record.tags());
        String contentType = record.contentType();
        if (!Objects.equals(contentType, inferred(isBinary(record), record.value()))) {
            tags.put(CONTENT_TYPE_TAG, contentType == null ? NO_CONTENT_TYPE : contentType);
        }
        if (tags.size() > MAX_TAGS) {
            tags.remove(Ownership.TAG);
        }
        return tags;
    }

    /**
     * @param tags Secrets Manager's tags
     * @param currentVersion the secret's current version id, or null
     * @return the record's tags: all but {@value #CONTENT_TYPE_TAG}, with the ownership mark where
     *     the version shows it
     */
    static Map<String, String> recordTags(List<Tag> tags, String currentVersion) {
        Map<String, String> map = tags(tags);
        boolean contentTypeTag = map.remove(CONTENT_TYPE_TAG) != null;
        return withMark(map, contentTypeTag, currentVersion);
    }

    /**
     * Gives back the ownership mark that {@link #tagsToWrite} left off for want of room: a secret whose
     * tags fill the allowance and whose current version Ferry wrote is Ferry's.
     */
    private static Map<String, String> withMark(Map<String, String> tags, boolean contentTypeTag, String currentVersion) {
        if (!tags.containsKey(Ownership.TAG) && tags.size() + (contentTypeTag ? 1 : 0) >= MAX_TAGS
                && ClientRequestTokens.isFerrys(currentVersion)) {
            tags.put(Ownership.TAG, Ownership.VALUE);
        }
        return tags;
    }

    /**
     * @param tags Secrets Manager's tags
     * @return them as a map, every one
     */
    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
        }
        return map;
    }

    /**
     * @param tags a record's tags
     * @return them as Secrets Manager's tags
     */
    static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * @param versionsToStages a secret's versions and their staging labels
     * @return the version labelled {@value #CURRENT}, or null
     */
    static String currentVersion(Map<String, List<String>> versionsToStages) {
        if (versionsToStages == null) {
            return null;
        }
        return versionsToStages.entrySet().stream().filter(e -> e.getValue().contains(CURRENT))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
