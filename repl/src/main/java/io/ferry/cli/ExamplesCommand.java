package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.files.PrivateFiles;
import io.ferry.provider.local.LocalProviderFactory;
import io.ferry.secret.SecretRecord;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry examples DIR}: lays out a directory in which the example runbooks run as they are,
 * offline. It holds the eight runbooks of {@code runbooks/} (in {@code DIR/runbooks}), every input
 * they read (local stores of sample secrets, the SQLite tables of V2, the JSON files of V3 and V4,
 * the Vault paths of V7), the files the README's examples name ({@code old.db}, {@code V1__copy.groovy},
 * {@code V1__ports.groovy}, a {@code .jsh} runbook, a runbook and a {@code .jsh} with mistakes, a
 * transform script and a test record),
 * {@code ./ferry}, which starts this Ferry, {@code examples.env}, which points the runbooks at the emulators, and {@code rehearse}, which starts
 * the emulators and applies V1 to V8 with {@code ferry migrate}. Sample values are random on every
 * layout, so that none is written down anywhere, not even in this code.
 */
@Command(name = "examples", sortOptions = false,
        description = {
                "Lays out DIR with the example runbooks (DIR/runbooks, V1 to V8), every input they read, the files",
                "the README's examples use, examples.env (the runbooks' variables, pointing at the emulators) and",
                "rehearse, which starts the emulators and applies V1 to V8 in order, offline: cd DIR && ./rehearse.",
                "Without FERRY_LOCAL_PASSPHRASE the sample stores use the passphrase '"
                        + ExamplesCommand.EXAMPLES_PASSPHRASE + "', which examples.env sets."})
final class ExamplesCommand implements Callable<Integer> {

    /** The passphrase the README's examples export; the sample stores use it unless another is set. */
    static final String EXAMPLES_PASSPHRASE = "a long passphrase";

    /** The example runbooks, as in the repository's {@code runbooks/} directory, packaged into the jar. */
    static final List<String> RUNBOOKS = List.of(
            "V1__local_store_rotation.groovy",
            "V2__project_database_credentials.groovy",
            "V3__secrets_file_to_local_store.groovy",
            "V4__service_tokens_file_to_local_store.jsh",
            "V5__local_to_aws_stop_and_copy.groovy",
            "V6__aws_to_azure.groovy",
            "V7__vault_to_kubernetes.groovy",
            "V8__kubernetes_to_azure_zero_downtime.groovy",
            "scheduled_payments_archive.groovy");

    /** The files the README's examples name, as they are in the jar. */
    private static final List<String> README_FILES = List.of("V1__copy.groovy", "V1__copy_app_secrets.groovy",
            "V1__ports.groovy", "V5__copy_app_secrets.jsh", "V1__typos.groovy", "V5__typo.jsh", "transforms/mask-host.groovy",
            "record.json");

    private static final String RESOURCES = "examples/";
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", defaultValue = "ferry-examples",
            description = "A new or empty directory (default: ${DEFAULT-VALUE}).")
    private Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path home = main.host().resolve(dir);
        if (Files.exists(home) && !isEmptyDirectory(home)) {
            throw new FerryException(ExitCode.USAGE, home + " exists and is not an empty directory; "
                    + "give ferry examples a new directory");
        }
        Map<String, String> environment = new HashMap<>(main.host().environment());
        String given = environment.get(LocalProviderFactory.PASSPHRASE_VARIABLE);
        boolean ownPassphrase = given != null && !given.isEmpty();
        if (!ownPassphrase) {
            environment.put(LocalProviderFactory.PASSPHRASE_VARIABLE, EXAMPLES_PASSPHRASE);
        }
        PrivateFiles.createDirectories(home.resolve("runbooks"));
        PrivateFiles.createDirectories(home.resolve("transforms"));
        for (String runbook : RUNBOOKS) {
            PrivateFiles.replace(home.resolve("runbooks").resolve(runbook), resource("runbooks/" + runbook));
        }
        for (String file : README_FILES) {
            PrivateFiles.replace(home.resolve(file), resource(file));
        }
        PrivateFiles.replace(home.resolve("examples.env"),
                text("examples.env").replace("@PASSPHRASE@", EXAMPLES_PASSPHRASE));
        executable(home.resolve("ferry"), "#!/usr/bin/env bash\n# Starts the Ferry that laid out this directory, so that ./ferry works here as in the README.\n"
                + "exec " + launcher() + " \"$@\"\n");
        executable(home.resolve("rehearse"), text("rehearse"));

        ProviderContext context = new ProviderContext(home, environment, main.host().terminal()::askSecret);
        ProviderRegistry registry = ProviderRegistry.load();
        fill(registry, context, "local:old.db", oldStore());
        fill(registry, context, "local:payments.db", paymentsStore());
        fill(registry, context, "local:vault-apps.db", vaultPaths());
        projectDatabases(home);
        PrivateFiles.replace(home.resolve("legacy-secrets.json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(flat("app/db-password", "app/api-key", "app/smtp-password")) + "\n");
        PrivateFiles.replace(home.resolve("service-tokens.json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(flat("billing", "search", "mailer")) + "\n");

        out.println("laid out " + home);
        out.println(ownPassphrase
                ? "  the sample stores use the passphrase in FERRY_LOCAL_PASSPHRASE"
                : "  the sample stores use the passphrase '" + EXAMPLES_PASSPHRASE + "' (examples.env sets it)");
        out.println("  runbooks/             the example runbooks V1 to V8, and scheduled_payments_archive.groovy (maintenance windows)");
        out.println("  old.db                V1's source: app/ secrets with owners, app/tmp/ scratch, db/port (not a port number)");
        out.println("  projects.db, dbserver.db   V2's project records and database logins");
        out.println("  legacy-secrets.json, service-tokens.json   V3's and V4's plain-text files");
        out.println("  payments.db           V5's source: 40 payments secrets");
        out.println("  vault-apps.db         the Vault paths V7 reads, copied to the Vault emulator by ./rehearse");
        out.println("  V1__copy.groovy, V1__copy_app_secrets.groovy, V1__ports.groovy, V5__copy_app_secrets.jsh,");
        out.println("  V1__typos.groovy, V5__typo.jsh, transforms/mask-host.groovy, record.json   the README's examples");
        out.println("  ferry                 this Ferry, as ./ferry in the README's examples");
        out.println("  examples.env          the runbooks' variables, pointing at the emulators");
        out.println("  rehearse              starts the emulators and applies V1 to V8 with ferry migrate");
        out.println();
        out.println("next: cd " + shown(home) + " && ./rehearse");
        out.flush();
        return ExitCode.SUCCESS.code();
    }

    private static void executable(Path file, String text) throws IOException {
        PrivateFiles.replace(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private String shown(Path home) {
        Path relative = main.host().workingDirectory().relativize(home);
        return relative.toString().isEmpty() ? "." : relative.toString();
    }

    /** @return how the rehearsal script starts this Ferry: the launcher script that started it, or this jar */
    private String launcher() {
        String script = main.host().environment().get("FERRY_LAUNCHER");
        if (script != null && !script.isEmpty()) {
            return quoted(Path.of(script).toAbsolutePath().toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Path jar = Path.of(ExamplesCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar)) {
                return quoted(java) + " -Dfile.encoding=UTF-8 -jar " + quoted(jar.toString());
            }
            return quoted(java) + " -Dfile.encoding=UTF-8 -cp " + quoted(System.getProperty("java.class.path"))
                    + " io.ferry.cli.Main";
        } catch (URISyntaxException | SecurityException e) {
            throw new IllegalStateException("cannot tell where the ferry jar is; run ferry examples from the jar", e);
        }
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void fill(ProviderRegistry registry, ProviderContext context, String uri, List<SecretRecord> records) {
        try (SecretProvider store = registry.open(uri, context)) {
            for (SecretRecord record : records) {
                store.write(record, WriteCondition.createOnly(), WriteOptions.none());
            }
        }
    }

    /** V1's source and the README's: owned application secrets, a scratch value, a port that is not one. */
    private static List<SecretRecord> oldStore() {
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("username", "app");
        database.put("password", token());
        return List.of(
                text("app/db-password", "owner", "alice", "env", "prod"),
                text("app/api-key", "owner", "bob", "env", "prod"),
                SecretRecord.builder("app/db").value(SecretRecord.jsonValue(database)).contentType(SecretRecord.JSON)
                        .tag("owner", "alice").tag("env", "prod").build(),
                text("app/tmp/scratch", "owner", "alice", "env", "dev"),
                SecretRecord.builder("db/port").text("5432/tcp").tag("owner", "dba").build());
    }

    /** V5's source: 40 secrets, as many as its pre-check expects at least. */
    private static List<SecretRecord> paymentsStore() {
        List<SecretRecord> records = new ArrayList<>();
        records.add(text("db/password", "owner", "dba", "team", "payments"));
        records.add(text("api/key", "owner", "payments", "team", "payments"));
        records.add(text("webhook/secret", "owner", "payments", "team", "payments"));
        for (int i = 1; records.size() < 40; i++) {
            records.add(text(String.format("service-%02d/token", i), "owner", "payments", "team", "payments"));
        }
        return records;
    }

    /** The paths V7 reads below Vault's apps/, with the TTLs it checks (none longer than its 24 hours). */
    private static List<SecretRecord> vaultPaths() {
        return List.of(
                SecretRecord.builder("payments/db/username").text("payments_app").tag("ttl", "12h").build(),
                text("payments/db/password", "ttl", "12h"),
                text("payments/stripe/api-key", "owner", "payments"),
                text("payments/stripe/webhook-secret", "owner", "payments"),
                text("search/elastic/password", "owner", "search"));
    }

    private static SecretRecord text(String key, String... tags) {
        SecretRecord.Builder builder = SecretRecord.builder(key).text(token());
        for (int i = 0; i < tags.length; i += 2) {
            builder.tag(tags[i], tags[i + 1]);
        }
        return builder.build();
    }

    private static Map<String, String> flat(String... keys) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : keys) {
            values.put(key, token());
        }
        return values;
    }

    /** V2's two databases: five projects, three of which share the legacy login, and the server's logins. */
    private static void projectDatabases(Path home) {
        try {
            PrivateFiles.createFile(home.resolve("projects.db"));
            PrivateFiles.createFile(home.resolve("dbserver.db"));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("projects.db"));
                 Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT, database_user TEXT, "
                        + "database_password_hash TEXT)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO projects VALUES (?, ?, ?, ?)")) {
                    String[][] projects = {{"p1", "billing", "", ""}, {"p2", "search", "legacy", ""},
                            {"p3", "mailer", "", ""}, {"p4", "identity", "app_p4", token()},
                            {"p5", "reports", "app_p5", token()}};
                    for (String[] p : projects) {
                        for (int i = 0; i < p.length; i++) {
                            insert.setString(i + 1, p[i]);
                        }
                        insert.executeUpdate();
                    }
                }
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("dbserver.db"));
                 Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL)");
                s.executeUpdate("INSERT INTO users VALUES ('legacy', '" + token() + "')");
            }
        } catch (IOException | SQLException e) {
            throw new FerryException(ExitCode.ENVIRONMENT, "cannot write the example databases in " + home + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static boolean isEmptyDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String token() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return "example-" + HexFormat.of().formatHex(bytes);
    }

    private static String text(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ExamplesCommand.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the example file " + name + " is missing from the ferry jar; rebuild it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example file " + name + " from the ferry jar", e);
        }
    }
}
