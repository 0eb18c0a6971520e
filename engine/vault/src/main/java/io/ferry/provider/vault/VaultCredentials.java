package io.ferry.provider.vault;

import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gets the token a {@code vault:} provider sends, by the chain Vault's own tools use: with
 * {@code auth=token} (the default) {@code VAULT_TOKEN}, then the {@code ~/.vault-token} file that
 * {@code vault login} writes; with {@code auth=approle} a login with {@code VAULT_ROLE_ID} and
 * {@code VAULT_SECRET_ID}; with {@code auth=kubernetes} a login with the role option and the service
 * account token read from {@code VAULT_K8S_TOKEN_PATH} or the pod's standard path. Tokens from a
 * login are renewed by logging in again when Vault refuses them, since they expire. Thread-safe.
 */
final class VaultCredentials {

    /** Where Kubernetes mounts a pod's service account token. */
    static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private final VaultSettings settings;
    private final Map<String, String> environment;
    private final Vault driver;
    private String token;

    VaultCredentials(VaultSettings settings, Map<String, String> environment, Vault driver) {
        this.settings = settings;
        this.environment = environment;
        this.driver = driver;
    }

    /** @return whether a refused token can be replaced by logging in again */
    boolean renewable() {
        return !settings.auth().equals("token");
    }

    /**
     * @return the token to send
     * @throws ProviderException DENIED when there is none or the login is refused
     */
    synchronized String token() {
        if (token == null) {
            token = obtain();
        }
        return token;
    }

    /**
     * Logs in again, unless another thread has already replaced the refused token.
     *
     * @param refused the token Vault refused
     * @return the token to send now
     */
    synchronized String renew(String refused) {
        if (token == null || token.equals(refused)) {
            token = obtain();
        }
        return token;
    }

    private String obtain() {
        return switch (settings.auth()) {
            case "approle" -> appRoleLogin();
            case "kubernetes" -> kubernetesLogin();
            default -> staticToken();
        };
    }

    private String staticToken() {
        String fromEnv = environment.get("VAULT_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        Path file = Path.of(home, ".vault-token");
        if (Files.isRegularFile(file)) {
            try {
                String fromFile = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!fromFile.isEmpty()) {
                    return fromFile;
                }
            } catch (IOException e) {
                throw new ProviderException(Kind.DENIED, null, "cannot read the Vault token in " + file + " ("
                        + e.getClass().getSimpleName() + "); set VAULT_TOKEN instead", e);
            }
        }
        throw new ProviderException(Kind.DENIED, null, "no Vault token for " + settings.where()
                + ": set VAULT_TOKEN, run 'vault login' (which writes ~/.vault-token), or use auth=approle or auth=kubernetes");
    }

    private String appRoleLogin() {
        String roleId = environment.get("VAULT_ROLE_ID");
        String secretId = environment.get("VAULT_SECRET_ID");
        if (roleId == null || roleId.isBlank() || secretId == null || secretId.isBlank()) {
            throw new ProviderException(Kind.DENIED, null, "auth=approle for " + settings.where()
                    + " needs VAULT_ROLE_ID and VAULT_SECRET_ID in the environment");
        }
        try {
            return driver.auth().loginByAppRole(settings.authMount(), roleId.strip(), secretId.strip()).getAuthClientToken();
        } catch (VaultException e) {
            throw refused("AppRole login at auth/" + settings.authMount(), "check VAULT_ROLE_ID and VAULT_SECRET_ID "
                    + "(secret ids can expire or be used up) and the authMount option", e);
        }
    }

    private String kubernetesLogin() {
        Path file = Path.of(environment.getOrDefault("VAULT_K8S_TOKEN_PATH", SERVICE_ACCOUNT_TOKEN));
        String jwt;
        try {
            jwt = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ProviderException(Kind.DENIED, null, "auth=kubernetes for " + settings.where()
                    + " cannot read the service account token at " + file + " (" + e.getClass().getSimpleName()
                    + "); run in a pod or set VAULT_K8S_TOKEN_PATH", e);
        }
        try {
            return driver.auth().loginByKubernetes(settings.role(), jwt, "auth/" + settings.authMount()).getAuthClientToken();
        } catch (VaultException e) {
            throw refused("Kubernetes login as role '" + settings.role() + "' at auth/" + settings.authMount(),
                    "check the role option, that the role binds this service account, and the authMount option", e);
        }
    }

    private ProviderException refused(String what, String fix, VaultException e) {
        int status = e.getHttpStatusCode();
        if (status == 0) {
            return VaultErrors.unreachable(settings.where(), null, e);
        }
        if (status == 503 || status == 429 || status >= 500) {
            return VaultErrors.of(settings.where(), status, VaultHttp.bodyOf(e), null, null, "auth/" + settings.authMount());
        }
        return new ProviderException(Kind.DENIED, null, what + " on " + settings.address() + " was refused"
                + " (" + VaultErrors.said(status) + "); " + fix);
    }
}
