package io.ferry.spi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@link Constraints} of the stores Ferry knows, from the provider facts the engine is built on
 * (PROVIDERS.md). Adapters return these from {@link SecretProvider#constraints()} and the memory
 * provider emulates them, so that a rehearsal against memory rejects exactly what the real store
 * would. Kept in one place so that a corrected limit reaches every user at once.
 */
public final class KnownConstraints {

    private static final Map<String, Supplier<Constraints>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("aws", KnownConstraints::aws);
        BY_NAME.put("azure", KnownConstraints::azure);
        BY_NAME.put("vault", KnownConstraints::vault);
        BY_NAME.put("k8s", KnownConstraints::kubernetes);
        BY_NAME.put("kubernetes", KnownConstraints::kubernetes);
        BY_NAME.put("local", KnownConstraints::local);
    }

    private KnownConstraints() {
    }

    /**
     * AWS Secrets Manager: names of 1-512 characters from {@code A-Za-z0-9/_+=.@-}, values up to
     * 65,536 bytes (SecretString or SecretBinary, so binary is kept as is), 50 tags with keys up to
     * 128 and values up to 256 characters, case-sensitive names.
     *
     * @return the constraints of AWS Secrets Manager
     */
    public static Constraints aws() {
        return new Constraints("AWS Secrets Manager", Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}"),
                "1-512 ASCII letters, digits and /_+=.@-", 512, 65_536, 50, 128, 256, true, false,
                NameCharacters.of("[A-Za-z0-9/_+=.@-]", "ASCII letters, digits and /_+=.@-"));
    }

    /**
     * Azure Key Vault secrets: names of 1-127 characters from {@code 0-9a-zA-Z-}, compared without
     * regard to case; string values of at most 25 KB (25,600 bytes), so binary values are encoded;
     * 15 tags, Key Vault's whole allowance: where a record fills it, the adapter keeps its idempotency
     * token and the ownership mark in the content type's parameters instead of tags.
     * The tag name and value limits (256 each) are the conservative reading of Azure's documentation,
     * which does not state them for Key Vault items.
     *
     * @return the constraints of Azure Key Vault
     */
    public static Constraints azure() {
        return new Constraints("Azure Key Vault", Pattern.compile("[0-9a-zA-Z-]{1,127}"),
                "1-127 ASCII letters, digits and -, compared without regard to case", 127, 25_600, 15, 256, 256,
                false, true, NameCharacters.of("[0-9a-zA-Z-]", "ASCII letters, digits and -"));
    }

    /**
     * HashiCorp Vault KV: path-like keys (segments separated by single slashes, no leading or
     * trailing slash, since a trailing slash names a folder); no control characters (C0, DEL, C1):
     * Vault would take them percent-encoded, but a path is a URL, an audit-log entry and a CLI
     * argument, where they are not safe, so Ferry refuses them rather than store a name no tool
     * shows as it is; values are
     * JSON strings, so binary values are encoded; a storage entry of about 512 KiB on the smallest
     * backends; custom_metadata of at most 64 keys, key 128 and value 512 characters.
     *
     * @return the constraints of Vault KV
     */
    public static Constraints vault() {
        return new Constraints("HashiCorp Vault KV", Pattern.compile("[^/\\p{Cc}]+(/[^/\\p{Cc}]+)*"),
                "path segments separated by single slashes, without a leading or trailing slash or control characters",
                1024, 512 * 1024, 64, 128, 512, true, true,
                NameCharacters.of("[^\\p{Cc}\\p{Cs}]", "any character but control characters (U+0000-U+001F, U+007F-U+009F), "
                        + "which are not safe in a URL path"));
    }

    /**
     * Kubernetes Secrets: the Secret's name is a DNS-1123 subdomain (dot-separated parts of lower-case
     * letters, digits and {@code -}, each starting and ending with a letter or digit, at most 253
     * characters, so {@code a..b} and {@code a.-b} are refused as the API server refuses them);
     * at most 1 MiB per Secret; tags become labels: a label name is an optional DNS-subdomain prefix
     * and {@code /}, then at most 63 letters, digits, {@code -}, {@code _} and {@code .} starting and
     * ending with a letter or digit (317 characters in all), and a label value is empty or at most 63
     * such characters. Labels have no count limit of their own; the adapter checks their syntax.
     *
     * @return the constraints of Kubernetes Secrets
     */
    public static Constraints kubernetes() {
        return new Constraints("Kubernetes Secrets",
                Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"),
                "a DNS subdomain: lower-case letters, digits, - and ., in dot-separated parts that start and end "
                        + "with a letter or digit",
                253, 1024 * 1024, Integer.MAX_VALUE, 317, 63, true, false,
                NameCharacters.of("[a-z0-9.-]", "lower-case ASCII letters, digits, - and ., as a DNS subdomain"));
    }

    /**
     * The local encrypted SQLite store, which keeps any name but NUL exactly, control characters
     * included: names are bound as SQL parameters and authenticated with the ciphertext, never
     * parsed, so nothing in the store is confused by them; a terminal is protected by Ferry's
     * escaping of what it prints, and a migration out of a store that allows such names can keep
     * them here, to be renamed on the way to a stricter store.
     *
     * @return the constraints of the local store
     */
    public static Constraints local() {
        return Constraints.lenient("local store");
    }

    /** @return the names {@link #named(String)} accepts, in a stable order */
    public static Iterable<String> names() {
        return BY_NAME.keySet();
    }

    /**
     * @param name a store's short name: {@code aws}, {@code azure}, {@code vault}, {@code k8s},
     *     {@code kubernetes} or {@code local}, in any case
     * @return that store's constraints
     * @throws IllegalArgumentException for another name, listing the valid ones
     */
    public static Constraints named(String name) {
        Supplier<Constraints> constraints = name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (constraints == null) {
            throw new IllegalArgumentException("unknown store '" + name + "'; known stores: "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return constraints.get();
    }
}
