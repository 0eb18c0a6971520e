package io.ferry.cli;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample secrets of {@code ferry demo}: text, a JSON multi-field value, a binary keystore,
 * tags for environment, team and owner (some without an owner, for the runbook to flag), under
 * {@code app/} (migrated) and {@code legacy/} (left behind). Values are random on every demo, so
 * that no value is written down anywhere, not even in this code.
 */
final class DemoSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoSecrets() {
    }

    /** @return about 25 records */
    static List<SecretRecord> records() {
        List<SecretRecord> records = new ArrayList<>();
        String[][] app = {
                {"app/payments/db-password", "prod", "payments", "alice"},
                {"app/payments/stripe-api-key", "prod", "payments", "alice"},
                {"app/payments/webhook-secret", "prod", "payments", null},
                {"app/payments/staging/db-password", "staging", "payments", "alice"},
                {"app/search/elastic-password", "prod", "search", "bob"},
                {"app/search/api-key", "prod", "search", "bob"},
                {"app/search/staging/api-key", "staging", "search", null},
                {"app/identity/jwt-signing-key", "prod", "identity", "carol"},
                {"app/identity/oauth-client-secret", "prod", "identity", "carol"},
                {"app/identity/smtp-password", "prod", "identity", null},
                {"app/identity/staging/oauth-client-secret", "staging", "identity", "carol"},
                {"app/shared/sentry-dsn", "prod", "platform", "dave"},
                {"app/shared/datadog-api-key", "prod", "platform", "dave"},
                {"app/shared/slack-webhook", "prod", "platform", null},
                {"app/shared/github-token", "prod", "platform", "dave"},
                {"app/shared/npm-token", "staging", "platform", "dave"}};
        for (String[] s : app) {
            records.add(tagged(SecretRecord.builder(s[0]).text(token()), s[1], s[2], s[3]).build());
        }
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("host", "db.payments.internal");
        database.put("port", 5432);
        database.put("user", "payments_app");
        database.put("password", token());
        records.add(tagged(SecretRecord.builder("app/payments/database").value(SecretRecord.jsonValue(database))
                .contentType(SecretRecord.JSON), "prod", "payments", "alice").build());
        byte[] keystore = new byte[48];
        RANDOM.nextBytes(keystore);
        keystore[0] = (byte) 0xFE; // never valid in UTF-8, so the value is binary whatever the random bytes are
        records.add(tagged(SecretRecord.builder("app/identity/tls-keystore").value(SecretValue.ofOwnedBytes(keystore))
                .contentType("application/octet-stream"), "prod", "identity", "carol").build());
        records.add(tagged(SecretRecord.builder("app/search/tls-key").text(token()), "prod", "search", "bob").build());
        String[] legacy = {"legacy/ftp-password", "legacy/ldap-bind-password", "legacy/old-api-key", "legacy/mail-relay",
                "legacy/backup-encryption-key", "legacy/vpn-psk"};
        for (String key : legacy) {
            records.add(tagged(SecretRecord.builder(key).text(token()), "prod", "legacy", null).build());
        }
        return records;
    }

    private static SecretRecord.Builder tagged(SecretRecord.Builder b, String env, String team, String owner) {
        b.tag("env", env).tag("team", team);
        if (owner != null) {
            b.tag("owner", owner);
        }
        return b;
    }

    private static String token() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return "demo-" + HexFormat.of().formatHex(bytes);
    }
}
