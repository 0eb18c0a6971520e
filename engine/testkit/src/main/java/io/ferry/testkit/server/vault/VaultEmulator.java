package io.ferry.testkit.server.vault;

import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;

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
}
