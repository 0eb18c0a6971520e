package io.ferry.testkit.server.azure;

import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;
import java.nio.file.Path;

/**
 * {@code ferry emulate azure}: a {@link KeyVaultServer} that, once listening, writes its CA
 * certificate to {@code ferry-azure-emulator-PORT-ca.pem} in the temporary directory and prints the
 * file, the bearer token and a URI to connect with.
 */
public final class KeyVaultEmulator implements Emulator {

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    /** Creates the emulator; nothing starts until {@link #create} and {@code start}. */
    public KeyVaultEmulator() {
    }

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public String description() {
        return "Azure Key Vault secrets REST over HTTPS with a self-signed CA: "
                + "azure:https://127.0.0.1:PORT?ca=CA.pem with AZURE_ACCESS_TOKEN set to the printed token";
    }

    /**
     * Also asks the JDK's HTTP server, before it first loads, for TCP_NODELAY: it writes headers and body
     * apart, and without it every answer waits out the client's delayed ACK (about 40 ms).
     */
    @Override
    public WireServer create(ServerKnobs knobs) {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        return new KeyVaultServer(knobs).announceTo(System.out, Path.of(System.getProperty("java.io.tmpdir")));
    }
}
