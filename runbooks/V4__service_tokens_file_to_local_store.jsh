// The same move as V3, in plain Java: service-tokens.json (a flat JSON object of token name to
// token) into the local encrypted store under tokens/, checked, then the plain-text file removed.
// A .jsh runbook is JShell snippets: it builds the runbook with builder() (Runbook.builder() with
// this file's name) and leaves it in a variable named runbook. Imported for you: io.ferry.runbook.*,
// io.ferry.secret.*, io.ferry.spi.*, io.ferry.transform.*, java.util.*, java.nio.file.*, java.time.*.
//
//   ferry run runbooks/V4__service_tokens_file_to_local_store.jsh --dry-run
//   ferry run runbooks/V4__service_tokens_file_to_local_store.jsh --yes
//   ferry rollback RUN     # restores service-tokens.json and removes the imported tokens

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

String TOKENS_FILE = "service-tokens.json";
String STORE = "local:secrets.db";

Map<String, String> readTokens(Path file) throws Exception {
    return new ObjectMapper().readValue(file.toFile(), new TypeReference<Map<String, String>>() { });
}

Path backupOf(StepContext ctx) {
    return Path.of(ctx.get("backup"));
}

// Copies one file's bytes to another that is created owner-only: no moment where others can read it.
void copyPrivately(Path from, Path to) throws Exception {
    Files.deleteIfExists(to);
    Files.createFile(to, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.write(to, Files.readAllBytes(from));
}

// Puts the tokens file back as it was before the run: its bytes from the backup, its own mode.
void restoreFile(StepContext ctx) throws Exception {
    Path file = ctx.getDirectory().resolve(TOKENS_FILE);
    copyPrivately(backupOf(ctx), file);
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(ctx.get("mode")));
}

// One token: import it (never over an existing key), then read it back.
List<Step> importSteps(String name) {
    String key = "tokens/" + name;
    return List.of(
            Step.of("import " + key, ctx -> {
                String value = readTokens(backupOf(ctx)).get(name);
                ctx.open(STORE).write(SecretRecord.builder(key).text(value).tag("importedFrom", TOKENS_FILE).build(),
                        WriteCondition.createOnly(), WriteOptions.none());
            }, ctx -> ctx.open(STORE).delete(key, null)),
            Step.of("verify " + key, ctx -> {
                String expected = readTokens(backupOf(ctx)).get(name);
                Optional<SecretRecord> stored = ctx.open(STORE).read(key);
                if (stored.isEmpty() || !stored.get().value().text().equals(expected)) {
                    ctx.fail(key + " does not read back as imported");
                }
            }));
}

var runbook = builder()
        .description("Import service-tokens.json into the local encrypted store under tokens/, then remove the plain-text file")
        .step("back up the tokens file", ctx -> {
            Path file = ctx.getDirectory().resolve(TOKENS_FILE);
            Path backup = ctx.getDirectory().resolve(TOKENS_FILE + "." + ctx.getRunId() + ".bak");
            copyPrivately(file, backup);
            ctx.put("backup", backup.toString());
            ctx.put("mode", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }, ctx -> restoreFile(ctx))
        .forEach(new ForEach("tokens",
                ctx -> new TreeSet<>(readTokens(ctx.getDirectory().resolve(TOKENS_FILE)).keySet()),
                item -> (String) item,
                0,
                item -> importSteps((String) item)))
        .step("remove the plain-text file",
                ctx -> Files.deleteIfExists(ctx.getDirectory().resolve(TOKENS_FILE)),
                ctx -> restoreFile(ctx))
        .build();
