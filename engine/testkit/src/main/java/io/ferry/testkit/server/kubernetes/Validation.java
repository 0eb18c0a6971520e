package io.ferry.testkit.server.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API server's validation of a Secret, with its messages: the name, the data keys and their
 * total size, labels, annotations, and the keys a typed Secret must hold. Each check returns the
 * causes it found, field by field, as {@code field: Reason: detail}.
 */
final class Validation {

    /** The most bytes a Secret's data may hold. */
    static final int MAX_DATA_BYTES = 1024 * 1024;
    /** The most bytes of all annotation keys and values together. */
    static final int MAX_ANNOTATION_BYTES = 256 * 1024;

    private static final String SUBDOMAIN_RULE = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_RULE);
    private static final String LABEL_RULE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
    private static final Pattern LABEL = Pattern.compile(LABEL_RULE);
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private Validation() {
    }

    /** @return why {@code name} is not a Secret name, or null */
    static String subdomain(String name) {
        if (name.length() > 253) {
            return "must be no more than 253 characters";
        }
        if (!SUBDOMAIN.matcher(name).matches()) {
            return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
                    + "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"
                    + SUBDOMAIN_RULE + "')";
        }
        return null;
    }

    /** @return whether {@code namespace} is a valid namespace name (an RFC 1123 label) */
    static boolean isNamespace(String namespace) {
        return namespace.length() <= 63 && DNS_LABEL.matcher(namespace).matches();
    }

    /** @return why {@code key} is not a qualified name (a label or annotation key), or null */
    static String qualifiedName(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || subdomain(prefix) != null) {
                return "prefix part " + (prefix.isEmpty() ? "must be non-empty" : subdomain(prefix));
            }
        }
        if (name.isEmpty()) {
            return "name part must be non-empty";
        }
        if (name.length() > 63) {
            return "name part must be no more than 63 characters";
        }
        if (!LABEL.matcher(name).matches()) {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                    + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '"
                    + "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        }
        return null;
    }

    /**
     * @param name the Secret's name
     * @param type its type
     * @param data its data keys and decoded sizes
     * @param labels its labels
     * @param annotations its annotations
     * @return the causes, empty when it is valid
     */
    static List<String> secret(String name, String type, Map<String, Integer> data, Map<String, String> labels,
                               Map<String, String> annotations) {
        List<String> causes = new ArrayList<>();
        String nameProblem = subdomain(name);
        if (nameProblem != null) {
            causes.add("metadata.name: Invalid value: \"" + name + "\": " + nameProblem);
        }
        long total = 0;
        for (Map.Entry<String, Integer> e : data.entrySet()) {
            String key = e.getKey();
            if (key.length() > 253 || !CONFIG_KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
                causes.add("data[" + key + "]: Invalid value: \"" + key + "\": a valid config key must consist of "
                        + "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex "
                        + "used for validation is '[-._a-zA-Z0-9]+')");
            }
            total += e.getValue();
        }
        if (total > MAX_DATA_BYTES) {
            causes.add("data: Too long: must have at most " + MAX_DATA_BYTES + " bytes");
        }
        labels.forEach((key, value) -> {
            String problem = qualifiedName(key);
            if (problem != null) {
                causes.add("metadata.labels: Invalid value: \"" + key + "\": " + problem);
            }
            if (value.length() > 63 || !LABEL.matcher(value).matches()) {
                causes.add("metadata.labels: Invalid value: \"" + value + "\": a valid label must be an empty string or "
                        + "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
                        + "character, and be at most 63 characters (regex used for validation is '" + LABEL_RULE + "')");
            }
        });
        long annotationBytes = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            String problem = qualifiedName(e.getKey());
            if (problem != null) {
                causes.add("metadata.annotations: Invalid value: \"" + e.getKey() + "\": " + problem);
            }
            annotationBytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (annotationBytes > MAX_ANNOTATION_BYTES) {
            causes.add("metadata.annotations: Too long: must have at most " + MAX_ANNOTATION_BYTES + " bytes");
        }
        causes.addAll(typed(type, data));
        return causes;
    }

    /** The keys that Secrets of the built-in types must hold. */
    private static List<String> typed(String type, Map<String, Integer> data) {
        List<String> causes = new ArrayList<>();
        switch (type) {
            case "kubernetes.io/tls" -> {
                for (String key : List.of("tls.crt", "tls.key")) {
                    if (!data.containsKey(key)) {
                        causes.add("data[" + key + "]: Required value");
                    }
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (!data.containsKey("ssh-privatekey")) {
                    causes.add("data[ssh-privatekey]: Required value");
                }
            }
            case "kubernetes.io/dockerconfigjson" -> {
                if (!data.containsKey(".dockerconfigjson")) {
                    causes.add("data[.dockerconfigjson]: Required value");
                }
            }
            case "kubernetes.io/basic-auth" -> {
                if (!data.containsKey("username") && !data.containsKey("password")) {
                    causes.add("data[username]: Required value: either username or password is required to use basic "
                            + "authentication");
                }
            }
            default -> {
                if (type.isEmpty()) {
                    causes.add("type: Required value");
                }
            }
        }
        return causes;
    }
}
