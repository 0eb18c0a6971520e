package io.ferry.provider.azure;

import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.pacing.RateLimiter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an {@code azure} provider is opened with, read from its {@link ProviderSpec}: the URI
 * {@code azure:https://NAME.vault.azure.net?prefix=payments-&ca=/path/ca.pem&purgeOnDelete=false} or the
 * DSL's {@code azure(vault: 'https://NAME.vault.azure.net', prefix: 'payments-')}, with the same option
 * names. A bare vault name ({@code azure:payments-prod}) means {@code https://payments-prod.vault.azure.net}.
 *
 * @param vaultUrl the vault's URL, {@code https://} only, without a trailing slash
 * @param prefix the name prefix that scopes the view (keys are relative to it); empty for the whole vault
 * @param ca a PEM file of CA certificates to trust instead of the system's, or null
 * @param purgeOnDelete whether a delete also purges, so that the name is free at once
 */
record AzureSettings(String vaultUrl, String prefix, Path ca, boolean purgeOnDelete) {

    static final String VAULT = "vault";
    static final String PREFIX = "prefix";
    static final String CA = "ca";
    static final String PURGE_ON_DELETE = "purgeOnDelete";

    private static final Set<String> OPTIONS = options();
    private static final Pattern VAULT_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern PREFIX_RULE = Pattern.compile("[0-9a-zA-Z-]{0,126}");

    /**
     * @param spec the provider's URI or DSL call
     * @param context where a relative {@code ca} path resolves
     * @return the settings
     * @throws IllegalArgumentException naming the option and the form it takes
     */
    static AzureSettings of(ProviderSpec spec, ProviderContext context) {
        for (String option : spec.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "' in " + spec.toUri()
                        + "; the azure provider takes: " + String.join(", ", OPTIONS));
            }
        }
        String location = spec.location();
        String option = spec.options().get(VAULT);
        if (!location.isEmpty() && option != null && !option.equals(location)) {
            throw new IllegalArgumentException(spec.toUri() + " names two vaults, '" + location + "' and vault='"
                    + option + "'; give one");
        }
        String vault = location.isEmpty() ? option : location;
        if (vault == null || vault.isBlank()) {
            throw new IllegalArgumentException("no vault in " + spec.toUri() + "; write azure:https://NAME.vault.azure.net "
                    + "or azure(vault: 'https://NAME.vault.azure.net')");
        }
        String prefix = spec.option(PREFIX, "");
        if (!PREFIX_RULE.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix '" + prefix + "' in " + spec.toUri() + " cannot start a Key Vault "
                    + "secret name, which is made of ASCII letters, digits and -; at most 126 characters");
        }
        String caOption = spec.option(CA, null);
        Path ca = null;
        if (caOption != null) {
            ca = context.resolve(caOption);
            if (!Files.isReadable(ca)) {
                throw new IllegalArgumentException("ca=" + caOption + " in " + spec.toUri() + ": cannot read " + ca
                        + "; give the path of a PEM file holding the CA certificate(s) the vault's TLS certificate chains to");
            }
        }
        return new AzureSettings(vaultUrl(vault.trim(), spec), prefix, ca, bool(spec, PURGE_ON_DELETE));
    }

    /** @return the vault's host, for deciding whether it is a loopback address */
    String host() {
        return URI.create(vaultUrl).getHost();
    }

    /**
     * @return whether the vault is on this machine (a test server or an emulator); only then is the
     *     bearer challenge's resource allowed to differ from the vault's host
     */
    boolean loopback() {
        String host = host().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || LOOPBACK_V4.matcher(host).matches() || host.equals("[::1]") || host.equals("::1");
    }

    private static String vaultUrl(String vault, ProviderSpec spec) {
        if (VAULT_NAME.matcher(vault).matches()) {
            return "https://" + vault.toLowerCase(Locale.ROOT) + ".vault.azure.net";
        }
        URI uri;
        try {
            uri = URI.create(vault);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null) {
            throw new IllegalArgumentException("vault '" + vault + "' in " + spec.toUri() + " is neither a vault URL "
                    + "such as https://payments-prod.vault.azure.net nor a vault name such as payments-prod");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("vault '" + vault + "' in " + spec.toUri() + " is not https: Key Vault "
                    + "speaks only HTTPS, and the Azure SDK sends no token over plain HTTP");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("vault '" + vault + "' in " + spec.toUri() + " has a path; give only "
                    + "https://HOST[:PORT], and scope with prefix= instead");
        }
        return "https://" + uri.getRawAuthority();
    }

    private static boolean bool(ProviderSpec spec, String option) {
        String text = spec.option(option, "false").trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("option " + option + "='" + text + "' in " + spec.toUri()
                    + " must be true or false");
        };
    }

    private static Set<String> options() {
        Set<String> names = new LinkedHashSet<>();
        names.add(VAULT);
        names.add(PREFIX);
        names.add(CA);
        names.add(PURGE_ON_DELETE);
        for (RateLimiter.Operation op : RateLimiter.Operation.values()) {
            names.add(op.option());
        }
        names.add(RateLimiter.ATTEMPTS_OPTION);
        return names;
    }
}
