package io.ferry.testkit.server.aws;

import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;

/** {@code ferry emulate aws}: an in-process AWS Secrets Manager, see {@link AwsSecretsManagerServer}. */
public final class AwsEmulator implements Emulator {

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
}
