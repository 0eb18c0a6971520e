package io.ferry.testkit.server;

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
     * @param server this emulator's server, started
     * @return what a user needs to point a client at it (endpoint, credentials, CA file), one line each
     */
    default java.util.List<String> connectionHints(WireServer server) {
        return java.util.List.of("endpoint: " + server.endpoint(), description().replace("PORT", String.valueOf(server.port())));
    }
}
