package io.ferry.testkit.server;

import java.util.List;
import java.util.Map;

/**
 * A test server that {@code ferry emulate NAME} can start, found by {@link java.util.ServiceLoader}
 * under {@code META-INF/services/io.ferry.testkit.server.Emulator}.
 */
public interface Emulator {

    /** @return the name {@code ferry emulate} takes, such as {@code aws} */
    String name();

    /** @return one line saying what it speaks and how to point a client at it */
    String description();

    /**
     * @param knobs latency, faults and quotas
     * @return a new, unstarted server with an empty store
     */
    WireServer create(ServerKnobs knobs);

    /**
     * Puts secrets into a new server's store, as the store's own tools would create them: a text value
     * is the secret's value where the store keeps one value (AWS, Azure) and its single field
     * {@code value} where it keeps fields (Vault, Kubernetes); fields are the fields (in AWS and Azure,
     * a JSON object); tags are the store's tags (Vault's custom metadata, Kubernetes labels).
     *
     * @param server this emulator's server, started
     * @param secrets the secrets, in order
     * @throws IllegalArgumentException naming the key and the store's rule when the store refuses one
     */
    void seed(WireServer server, List<SeedSecret> secrets);

    /**
     * @param server this emulator's server, started
     * @return the environment a client needs, by variable, such as {@code VAULT_ADDR} and {@code VAULT_TOKEN}
     */
    Map<String, String> environment(WireServer server);

    /**
     * @param server this emulator's server, started
     * @return a Ferry URI of the store it serves, to be used with {@link #environment}
     */
    String uri(WireServer server);

    /**
     * @param server this emulator's server, started
     * @return what a user needs to point a client at it (endpoint, credentials, CA file), one line each
     */
    default List<String> connectionHints(WireServer server) {
        return List.of("endpoint: " + server.endpoint(), description().replace("PORT", String.valueOf(server.port())));
    }
}
