package io.ferry.testkit.server.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tokens a Vault server accepts, and the logins that issue them: AppRole (a role id and a secret
 * id) and Kubernetes (a role and the service account JWT configured for it). Tokens may carry a TTL
 * after which Vault refuses them. Guarded by the server's lock.
 */
final class VaultTokens {

    /** One token: when it was made and when, if ever, it expires. */
    record Token(String id, String accessor, String displayName, Instant created, Duration ttl, List<String> policies) {

        boolean validAt(Instant now) {
            return ttl == null || now.isBefore(created.plus(ttl));
        }
    }

    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, String> appRoles = new HashMap<>();
    private final Map<String, String> kubernetesRoles = new HashMap<>();
    private final Clock clock;
    private Duration loginTtl = Duration.ofHours(1);

    VaultTokens(Clock clock) {
        this.clock = clock;
    }

    void add(String id, Duration ttl, String displayName, List<String> policies) {
        tokens.put(id, new Token(id, UUID.randomUUID().toString(), displayName, clock.instant(), ttl, policies));
    }

    void appRole(String roleId, String secretId) {
        appRoles.put(roleId, secretId);
    }

    void kubernetesRole(String role, String jwt) {
        kubernetesRoles.put(role, jwt);
    }

    void loginTtl(Duration ttl) {
        this.loginTtl = ttl;
    }

    /**
     * @param id a token as sent in {@code X-Vault-Token}, or null
     * @return the token when it is known and not expired, else null
     */
    Token valid(String id) {
        Token token = id == null ? null : tokens.get(id);
        return token != null && token.validAt(clock.instant()) ? token : null;
    }

    /** @return whether the pair matches a configured AppRole */
    boolean appRoleMatches(String roleId, String secretId) {
        return roleId != null && secretId != null && secretId.equals(appRoles.get(roleId));
    }

    /** @return whether the role is configured for Kubernetes login */
    boolean kubernetesRoleKnown(String role) {
        return role != null && kubernetesRoles.containsKey(role);
    }

    /** @return whether the JWT is the one configured for the role */
    boolean kubernetesJwtMatches(String role, String jwt) {
        return jwt != null && jwt.equals(kubernetesRoles.get(role));
    }

    /**
     * Issues a token with the login TTL.
     *
     * @param displayName what the token says it came from
     * @param metadata the login's metadata
     * @return the {@code auth} block of Vault's login answer
     */
    ObjectNode issue(String displayName, Map<String, String> metadata) {
        String id = "hvs." + UUID.randomUUID().toString().replace("-", "");
        add(id, loginTtl, displayName, List.of("default"));
        Token token = tokens.get(id);
        ObjectNode auth = VaultJson.object();
        auth.put("client_token", id);
        auth.put("accessor", token.accessor());
        auth.putArray("policies").add("default");
        auth.putArray("token_policies").add("default");
        auth.set("metadata", VaultJson.stringMap(metadata));
        auth.put("lease_duration", loginTtl.toSeconds());
        auth.put("renewable", true);
        auth.put("entity_id", UUID.nameUUIDFromBytes(displayName.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        auth.put("token_type", "service");
        auth.put("orphan", true);
        return auth;
    }

    /** @return the data of {@code auth/token/lookup-self} for the token */
    ObjectNode lookup(Token token) {
        Instant now = clock.instant();
        ObjectNode data = VaultJson.object();
        data.put("accessor", token.accessor());
        data.put("creation_time", token.created().getEpochSecond());
        data.put("creation_ttl", token.ttl() == null ? 0 : token.ttl().toSeconds());
        data.put("display_name", token.displayName());
        if (token.ttl() == null) {
            data.putNull("expire_time");
        } else {
            data.put("expire_time", VaultJson.time(token.created().plus(token.ttl())));
        }
        data.put("id", token.id());
        data.put("orphan", true);
        var policies = data.putArray("policies");
        token.policies().forEach(policies::add);
        data.put("renewable", token.ttl() != null);
        data.put("ttl", token.ttl() == null ? 0 : Math.max(0, Duration.between(now, token.created().plus(token.ttl())).toSeconds()));
        data.put("type", "service");
        return data;
    }
}
