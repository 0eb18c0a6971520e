package io.ferry.testkit.server.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.SeedSecret;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ferry emulate aws}: an in-process AWS Secrets Manager, see {@link AwsSecretsManagerServer}.
 * Its clients sign for region {@value #REGION}; seeded secrets are created there.
 */
public final class AwsEmulator implements Emulator {

    /** The region the connection hints and the environment name. */
    public static final String REGION = "us-east-1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the emulator; the server is made by {@link #create}. */
    public AwsEmulator() {
    }

    @Override
    public String name() {
        return "aws";
    }

    @Override
    public String description() {
        return "AWS Secrets Manager (AWS JSON 1.1, SigV4 verified): use aws:REGION/?endpoint=http://127.0.0.1:PORT with "
                + "AWS_ACCESS_KEY_ID=" + AwsSecretsManagerServer.ACCESS_KEY + " AWS_SECRET_ACCESS_KEY="
                + AwsSecretsManagerServer.SECRET_KEY;
    }

    @Override
    public WireServer create(ServerKnobs knobs) {
        return new AwsSecretsManagerServer(knobs);
    }

    /** Creates each secret as CreateSecret would: text or the fields' JSON as SecretString, and the tags. */
    @Override
    public void seed(WireServer server, List<SeedSecret> secrets) {
        SecretsManagerStore store = ((AwsSecretsManagerServer) server).store();
        for (SeedSecret secret : secrets) {
            ObjectNode in = JSON.createObjectNode().put("Name", secret.key()).put("SecretString", secret.textOrJson());
            ArrayNode tags = in.putArray("Tags");
            secret.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
            try {
                store.createSecret(in, REGION);
            } catch (AwsServiceError e) {
                throw new IllegalArgumentException("aws cannot hold seed secret '" + secret.key() + "': " + e.getMessage());
            }
        }
    }

    @Override
    public Map<String, String> environment(WireServer server) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", AwsSecretsManagerServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", AwsSecretsManagerServer.SECRET_KEY);
        env.put("AWS_REGION", REGION);
        env.put("AWS_ENDPOINT", server.endpoint().toString());
        return env;
    }

    @Override
    public String uri(WireServer server) {
        return "aws:" + REGION + "/?endpoint=" + server.endpoint();
    }
}
