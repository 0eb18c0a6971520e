package io.ferry.testkit.server.azure;

import io.ferry.files.PrivateFiles;
import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.SeedSecret;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ferry emulate azure}: a {@link KeyVaultServer}. Once it listens, its connection hints write
 * its CA certificate to {@code ca.pem} in a new directory of the temporary directory that only its
 * owner can enter ({@code ferry-azure-emulator-PORT-*}, mode 0700), so that no other user can swap
 * the certificate a client is told to trust, and give that file, the bearer token and a URI to
 * connect with.
 */
public final class KeyVaultEmulator implements Emulator {

    private Path ca;

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
        Path ca = caFile(vault);
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
        return "azure:" + server.endpoint() + "?ca=" + caFile((KeyVaultServer) server);
    }

    /** Writes the CA certificate once, into a directory of its own, and gives the same file after that. */
    private synchronized Path caFile(KeyVaultServer vault) {
        if (ca == null) {
            ca = vault.writeCaCertificate(privateDirectory(vault.port()).resolve("ca.pem"));
        }
        return ca;
    }

    private static Path privateDirectory(int port) {
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempDirectory(tmp, "ferry-azure-emulator-" + port + "-");
            }
            Path directory = Files.createTempDirectory(tmp, "ferry-azure-emulator-" + port + "-",
                    PosixFilePermissions.asFileAttribute(PrivateFiles.DIRECTORY_MODE));
            Files.setPosixFilePermissions(directory, PrivateFiles.DIRECTORY_MODE);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for the emulator's CA certificate in the "
                    + "temporary directory: " + e.getMessage(), e);
        }
    }
}
