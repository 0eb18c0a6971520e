package io.ferry.spi;

import io.ferry.secret.SecretRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules a record must satisfy to be written to a store: name syntax and length, value size,
 * tag count and sizes, whether names differ by case, whether values must be text. The planner
 * checks every record against its target's constraints before anything is written.
 *
 * @param store the store's name, used in messages ("Azure Key Vault")
 * @param namePattern the full-match pattern of a valid name
 * @param nameRule the pattern in words, for messages
 * @param maxNameLength the longest name, in characters
 * @param maxValueBytes the largest value, in bytes
 * @param maxTags the most tags a record may carry besides the engine's ownership mark
 *     ({@link Ownership#TAG}), which every adapter keeps without taking from this allowance: where a
 *     record fills the store's tags, the adapter records its ownership another way
 * @param maxTagKeyLength the longest tag name
 * @param maxTagValueLength the longest tag value
 * @param caseSensitive whether {@code A} and {@code a} are different secrets
 * @param textOnly whether the store keeps only text, so binary values are encoded on the way in
 * @param nameCharacters the characters the store keeps exactly in a name; any other is refused
 *     before writing, whatever {@code namePattern} says
 */
public record Constraints(String store, Pattern namePattern, String nameRule, int maxNameLength, int maxValueBytes,
                          int maxTags, int maxTagKeyLength, int maxTagValueLength, boolean caseSensitive,
                          boolean textOnly, NameCharacters nameCharacters) {

    /** Checks that the fields are present. */
    public Constraints {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(namePattern, "namePattern");
        Objects.requireNonNull(nameRule, "nameRule");
        Objects.requireNonNull(nameCharacters, "nameCharacters");
    }

    /**
     * @param store the store's name
     * @return constraints that keep any non-empty name of up to 4096 characters exactly, control
     *     characters included ({@link NameCharacters#anyText()}), values up to 16 MiB, and 1000 tags
     */
    public static Constraints lenient(String store) {
        return new Constraints(store, Pattern.compile("[^\\x00]+"), "any characters but NUL", 4096,
                16 * 1024 * 1024, 1000, 1024, 4096, true, false, NameCharacters.anyText());
    }

    /**
     * @param name a name
     * @return the form under which two names are the same secret here: the name itself where names
     *     are case-sensitive, otherwise its lower case
     */
    public String fold(String name) {
        return caseSensitive ? name : name.toLowerCase(Locale.ROOT);
    }

    /**
     * Every rule a name breaks: its length, a character the store does not keep (named by its code
     * point), or its shape. Checked on its own where a name comes before its record, as in
     * {@code ferry put}, so that a name the store would refuse is refused before anything is read.
     *
     * @param name the name as it would be written
     * @return the violations; empty when the name can be written
     */
    public List<String> nameViolations(String name) {
        List<String> problems = new ArrayList<>();
        if (name.length() > maxNameLength) {
            problems.add("name is " + name.length() + " characters long; " + store + " allows at most " + maxNameLength);
        }
        String refusal = nameCharacters.refusal(store, name);
        if (refusal != null) {
            problems.add(refusal);
        } else if (!namePattern.matcher(name).matches()) {
            problems.add("name is not valid for " + store + ", which allows " + nameRule
                    + "; map it with a rename transform");
        }
        return problems;
    }

    /**
     * Every rule the record breaks, as messages that name the key and the rule but never the value.
     *
     * @param record the record as it would be written
     * @param encodedValueBytes the value's size once encoded for this store
     * @return the violations; empty when the record can be written
     */
    public List<String> violations(SecretRecord record, int encodedValueBytes) {
        List<String> problems = nameViolations(record.key());
        if (encodedValueBytes > maxValueBytes) {
            problems.add("value is " + encodedValueBytes + " bytes; " + store + " allows at most " + maxValueBytes);
        }
        int tags = ownTags(record);
        if (tags > maxTags) {
            problems.add("has " + tags + " tags; " + store + " allows at most " + maxTags
                    + "; drop some with a tag transform");
        }
        record.tags().forEach((name, value) -> {
            if (name.length() > maxTagKeyLength) {
                problems.add("tag name '" + name + "' is longer than " + maxTagKeyLength + " characters");
            }
            if (value != null && value.length() > maxTagValueLength) {
                problems.add("tag '" + name + "' has a value longer than " + maxTagValueLength + " characters");
            }
        });
        return problems;
    }

    /**
     * @param record a record
     * @return how many tags it carries besides the engine's ownership mark: what counts against
     *     {@link #maxTags()}
     */
    public static int ownTags(SecretRecord record) {
        return record.tags().size() - (record.tags().containsKey(Ownership.TAG) ? 1 : 0);
    }

    /**
     * @param record the record as it would be written
     * @return the value's size once stored here: base64 for binary values in a text-only store
     */
    public int encodedSize(SecretRecord record) {
        if (textOnly && !record.value().isUtf8()) {
            return (record.value().size() + 2) / 3 * 4;
        }
        return record.value().size();
    }
}
