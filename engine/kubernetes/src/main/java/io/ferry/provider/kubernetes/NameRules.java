package io.ferry.provider.kubernetes;

import io.ferry.spi.NameCharacters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API server's rules for the names and metadata of a Secret, checked before a write so that a
 * record that would be refused is reported at once, with every rule it breaks, without a round trip.
 */
final class NameRules {

    /** The longest Secret name. */
    static final int MAX_NAME_LENGTH = 253;
    /** The most data bytes in one Secret. */
    static final int MAX_DATA_BYTES = 1024 * 1024;
    /** The most bytes all annotations of an object take together. */
    static final int MAX_ANNOTATION_BYTES = 256 * 1024;
    /** The longest label value and the longest name part of a label or annotation name. */
    static final int MAX_LABEL_LENGTH = 63;

    /** A DNS-1123 subdomain: dot-separated parts of lower-case letters, digits and -, as the known constraints say. */
    static final Pattern SUBDOMAIN = KubernetesConstraints.of().namePattern();
    /** The rule of {@link #SUBDOMAIN} in words. */
    static final String SUBDOMAIN_RULE = KubernetesConstraints.of().nameRule();
    /** The characters a Secret name is made of, so that a refusal can name the one that does not fit. */
    static final NameCharacters CHARACTERS = KubernetesConstraints.of().nameCharacters();

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private NameRules() {
    }

    /** @param s a name @return whether it is a DNS-1123 subdomain of at most 253 characters */
    static boolean isSubdomain(String s) {
        return s.length() <= MAX_NAME_LENGTH && SUBDOMAIN.matcher(s).matches();
    }

    /** @param s a name @return whether it is a DNS-1123 label, as namespaces are */
    static boolean isDnsLabel(String s) {
        return s.length() <= MAX_LABEL_LENGTH && DNS_LABEL.matcher(s).matches();
    }

    /** @param s a data key @return whether a Secret may hold it: letters, digits, -, _ and ., at most 253 */
    static boolean isDataKey(String s) {
        return s.length() <= MAX_NAME_LENGTH && DATA_KEY.matcher(s).matches() && !s.equals(".") && !s.equals("..");
    }

    /**
     * @param name a label or annotation name
     * @return whether it is a qualified name: an optional DNS-subdomain prefix and {@code /}, then at
     *     most 63 letters, digits, -, _ and ., starting and ending with a letter or digit
     */
    static boolean isQualifiedName(String name) {
        int slash = name.indexOf('/');
        String part = slash < 0 ? name : name.substring(slash + 1);
        if (slash >= 0 && !isSubdomain(name.substring(0, slash))) {
            return false;
        }
        return part.length() <= MAX_LABEL_LENGTH && LABEL_PART.matcher(part).matches();
    }

    /** @param value a label value @return whether it is empty or at most 63 letters, digits, -, _ and . between letters or digits */
    static boolean isLabelValue(String value) {
        return value.isEmpty() || (value.length() <= MAX_LABEL_LENGTH && LABEL_PART.matcher(value).matches());
    }

    /**
     * Every rule the metadata of a Secret breaks.
     *
     * @param labels the labels
     * @param annotations the annotations, Ferry's own included
     * @param dataBytes the data's size in bytes
     * @return one line per broken rule, naming the label or annotation but never a value of the data
     */
    static List<String> violations(Map<String, String> labels, Map<String, String> annotations, long dataBytes) {
        List<String> problems = new ArrayList<>();
        if (dataBytes > MAX_DATA_BYTES) {
            problems.add("its data is " + dataBytes + " bytes; a Secret holds at most " + MAX_DATA_BYTES
                    + " (1 MiB): split the value or keep it in another store");
        }
        labels.forEach((name, value) -> {
            if (!isQualifiedName(name)) {
                problems.add("tag '" + name + "' is not a valid label name: use [DNS-prefix/]name with a name of at most "
                        + MAX_LABEL_LENGTH + " letters, digits, -, _ and ., starting and ending with a letter or digit");
            }
            if (value == null || !isLabelValue(value)) {
                problems.add("tag '" + name + "' has a value that is not a valid label value: at most " + MAX_LABEL_LENGTH
                        + " letters, digits, -, _ and ., starting and ending with a letter or digit; rewrite it with a tag "
                        + "transform or keep it as an attribute annotation." + name);
            }
        });
        long annotationBytes = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            if (!isQualifiedName(e.getKey())) {
                problems.add("attribute 'annotation." + e.getKey() + "' is not a valid annotation name: use "
                        + "[DNS-prefix/]name with a name of at most " + MAX_LABEL_LENGTH
                        + " letters, digits, -, _ and ., starting and ending with a letter or digit");
            }
            annotationBytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + (e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length);
        }
        if (annotationBytes > MAX_ANNOTATION_BYTES) {
            problems.add("its annotations take " + annotationBytes + " bytes; all annotations together may take at most "
                    + MAX_ANNOTATION_BYTES);
        }
        return problems;
    }
}
