package io.ferry.keys;

import java.util.Objects;

/**
 * Where one secret is kept: a store, the secret's key in it and, for a secret made of JSON fields
 * (a Kubernetes Secret's data keys, a Vault KV secret's fields), the field that holds the text.
 * Written {@code STORE/KEY[#FIELD]}, where the last segment of the path before any {@code ?options}
 * is the secret's key and what comes before it is the store's URI as {@code ferry ls} takes it:
 * {@code aws:us-east-1/ferry/journal-key} is the secret {@code journal-key} of the store
 * {@code aws:us-east-1/ferry/}, {@code k8s:ferry/journal-key#key} the data key {@code key} of the
 * Secret {@code journal-key} in the namespace {@code ferry}.
 *
 * @param written the reference as the user wrote it, which names it in every message
 * @param storeUri the store's URI
 * @param key the secret's key in that store
 * @param field the JSON field that holds the text, or null to take a JSON secret's only field
 */
public record SecretReference(String written, String storeUri, String key, String field) {

    /** Checks the fields. */
    public SecretReference {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(storeUri, "storeUri");
        Objects.requireNonNull(key, "key");
    }

    /**
     * @param text a reference such as {@code vault:https://vault:8200/secret/journal-key?prefix=ferry/}
     * @param what what the reference is for, such as {@code --journal-key}, for the error
     * @return the reference
     * @throws KeySourceException when the text names no store or no secret, saying the form to write
     */
    public static SecretReference parse(String text, String what) {
        Objects.requireNonNull(text, "text");
        String rest = text.strip();
        int colon = rest.indexOf(':');
        if (colon <= 0 || !rest.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new KeySourceException(what + " " + text.strip() + " is not a secret in a store; write STORE/KEY, for example "
                    + "aws:us-east-1/ferry/journal-key or vault:https://vault:8200/secret/journal-key");
        }
        String field = null;
        int hash = rest.lastIndexOf('#');
        if (hash > colon) {
            field = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
            if (field.isEmpty()) {
                throw new KeySourceException(what + " " + text.strip() + " ends in an empty #FIELD; name the JSON field "
                        + "that holds the text, or leave out the #");
            }
        }
        String options = "";
        int query = rest.indexOf('?');
        if (query >= 0) {
            options = rest.substring(query);
            rest = rest.substring(0, query);
        }
        String scheme = rest.substring(0, colon);
        String location = rest.substring(colon + 1);
        int slash = location.lastIndexOf('/');
        String key = slash < 0 ? "" : location.substring(slash + 1);
        if (key.isEmpty()) {
            throw new KeySourceException(what + " " + text.strip() + " names no secret; end the store's URI with "
                    + "/KEY, for example " + scheme + ":" + (location.isEmpty() ? "STORE" : location.replaceAll("/+$", ""))
                    + "/journal-key");
        }
        String storeLocation = location.substring(0, slash);
        // A location with a path of its own (a prefix, a URL's mount) keeps its slash; a bare region,
        // namespace or file name does not take one.
        String store = scheme + ":" + storeLocation + (storeLocation.contains("/") ? "/" : "") + options;
        return new SecretReference(text.strip(), store, key, field);
    }

    @Override
    public String toString() {
        return written;
    }
}
