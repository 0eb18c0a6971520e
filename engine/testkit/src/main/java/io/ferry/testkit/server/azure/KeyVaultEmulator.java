package io.ferry.testkit.server.azure;

import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.SeedSecret;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ferry emulate azure}: a {@link KeyVaultServer}. Once it listens, its connection hints write
 * its CA certificate to {@code ferry-azure-emulator-PORT-ca.pem} in the temporary directory and give
 * that file, the bearer token and a URI to connect with.
 */
public final class KeyVaultEmulator implements Emulator {

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

    @Override
    public WireServer create(ServerKnobs knobs) {
        return new KeyVaultServer(knobs);
    }

    @Override
    public List<String> connectionHints(WireServer server) {
        KeyVaultServer vault = (KeyVaultServer) server;
        Path ca = vault.writeCaCertificate(caFile(vault.port()));
        return List.of(
                "vault URL:      " + vault.endpoint() + " (tenant " + KeyVaultServer.TENANT + ")",
                "CA certificate: " + ca,
                "bearer token:   " + vault.token(),
                "connect with:   AZURE_ACCESS_TOKEN=" + vault.token() + " ferry ls 'azure:" + vault.endpoint() + "?ca=" + ca + "'");
    }

    /** Sets each secret as Set Secret would: text, or the fields as a JSON object of content type application/json. */
    @Override
    public void seed(WireServer server, List<SeedSecret> secrets) {
        KeyVaultServer vault = (KeyVaultServer) server;
        for (SeedSecret secret : secrets) {
            vault.seed(secret.key(), secret.textOrJson(), secret.hasFields() ? "application/json" : null, secret.tags());
        }
    }

    @Override
    public Map<String, String> environment(WireServer server) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AZURE_ACCESS_TOKEN", ((KeyVaultServer) server).token());
        return env;
    }

    @Override
    public String uri(WireServer server) {
        return "azure:" + server.endpoint() + "?ca=" + caFile(server.port());
    }

    /**
     * @param port the emulator's port
     * @return where its CA certificate is written
     */
    public static Path caFile(int port) {
        return Path.of(System.getProperty("java.io.tmpdir"), "ferry-azure-emulator-" + port + "-ca.pem");
    }
}
