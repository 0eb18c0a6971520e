package io.ferry.testkit.server.vault;

import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.SeedSecret;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ferry emulate vault}: a {@link VaultServer} with KV version 2 at {@code secret/} and version 1 at {@code kv1/}. */
public final class VaultEmulator implements Emulator {

    /** Creates the emulator; the server is made by {@link #create}. */
    public VaultEmulator() {
    }

    @Override
    public String name() {
        return "vault";
    }

    @Override
    public String description() {
        return "HashiCorp Vault's HTTP API with KV v2 at secret/ and KV v1 at kv1/; "
                + "use vault:http://127.0.0.1:PORT/secret with VAULT_TOKEN=" + VaultServer.ROOT_TOKEN;
    }

    @Override
    public WireServer create(ServerKnobs knobs) {
        return new VaultServer(knobs);
    }

    /** Writes each secret to {@code secret/} (KV version 2): its fields as the data, its tags as custom metadata. */
    @Override
    public void seed(WireServer server, List<SeedSecret> secrets) {
        VaultServer vault = (VaultServer) server;
        for (SeedSecret secret : secrets) {
            vault.seed("secret/", secret.key(), secret.fieldsOrValue(), secret.tags());
        }
    }

    @Override
    public Map<String, String> environment(WireServer server) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VAULT_ADDR", server.endpoint().toString());
        env.put("VAULT_TOKEN", VaultServer.ROOT_TOKEN);
        return env;
    }

    @Override
    public String uri(WireServer server) {
        return "vault:" + server.endpoint() + "/secret";
    }
}
