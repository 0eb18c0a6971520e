package io.ferry.provider.folder;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.secret.SecretValue;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.PageTokens;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteProbe;
import io.ferry.spi.WriteResult;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A folder of secret files seen as a {@link SecretProvider}. Each part of the SPI is met with the
 * toolkit's piece for it: {@link WriteCondition#requireMet} decides conditional writes,
 * {@link PageTokens} makes the page tokens, {@link WriteProbe} runs the health check's probe, and the
 * declared {@link FolderConstraints} are checked before anything is written. Listings read every file
 * of the directory, which suits the few hundred secrets such a folder holds.
 *
 * <p>Thread-safe within one JVM: writes and deletes of this provider are serialised.
 */
final class FolderProvider implements SecretProvider {

    private final ProviderSpec spec;
    private final SecretFiles files;
    private final boolean plaintext;
    private final Constraints constraints = FolderConstraints.of();
    private final Object writing = new Object();

    FolderProvider(ProviderSpec spec, SecretFiles files, boolean plaintext) {
        this.spec = spec;
        this.files = files;
        this.plaintext = plaintext;
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return constraints;
    }

    @Override
    public Optional<String> writeRefusal() {
        if (plaintext) {
            return Optional.empty();
        }
        return Optional.of(spec.toUri() + " would write secrets unencrypted to files in " + files.directory() + "; add ?"
                + FolderProviderFactory.PLAINTEXT + "=true to the URI to accept that (the files are written owner-only), "
                + "or write to an encrypted store such as local:secrets.db");
    }

    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        String after = pageToken == null ? null : PageTokens.decode(pageToken, spec.toUri());
        List<SecretFiles.Entry> found = files.all().stream()
                .filter(SecretFiles.Entry::live)
                .filter(e -> e.key().startsWith(prefix))
                .filter(e -> after == null || e.key().compareTo(after) > 0)
                .sorted(Comparator.comparing(SecretFiles.Entry::key))
                .limit(pageSize + 1L)
                .toList();
        List<SecretSummary> items = found.stream().limit(pageSize).map(e -> SecretSummary.of(record(e.key(), e.current()))).toList();
        String next = found.size() > pageSize ? PageTokens.encode(items.get(items.size() - 1).key()) : null;
        return new Page<>(items, next);
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        return files.load(key).filter(SecretFiles.Entry::live).map(e -> record(key, e.current()));
    }

    @Override
    public List<SecretRecord> history(String key) {
        return files.load(key).map(e -> e.versions().stream().map(v -> record(key, v)).toList()).orElse(List.of());
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        String key = record.key();
        refuseUnlessPlaintext(key);
        List<String> problems = violations(record);
        if (!problems.isEmpty()) {
            throw new ProviderException(Kind.INVALID, key, "cannot write '" + key + "' to " + spec.toUri() + ": "
                    + String.join("; ", problems));
        }
        synchronized (writing) {
            Optional<SecretFiles.Entry> stored = files.load(key);
            boolean live = stored.map(SecretFiles.Entry::live).orElse(false);
            condition.requireMet(key, live ? stored.get().current().version() : null, spec.toUri());
            long number = stored.map(SecretFiles.Entry::lastVersion).orElse(0L) + 1;
            String now = Instant.now().toString();
            String created = live ? stored.get().current().created() : now;
            SecretFiles.Version version = new SecretFiles.Version(Long.toString(number),
                    Base64.getEncoder().encodeToString(record.value().bytes()), record.contentType(), record.tags(),
                    record.attributes(), created, now, record.expiresAt() == null ? null : record.expiresAt().toString());
            List<SecretFiles.Version> versions = new ArrayList<>(live ? stored.get().versions() : List.of());
            versions.add(version);
            files.save(new SecretFiles.Entry(key, number, versions));
            return new WriteResult(version.version(), !live);
        }
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        refuseUnlessPlaintext(key);
        synchronized (writing) {
            Optional<SecretFiles.Entry> stored = files.load(key).filter(SecretFiles.Entry::live);
            if (stored.isEmpty()) {
                return false;
            }
            String current = stored.get().current().version();
            if (ifVersion != null && !ifVersion.equals(current)) {
                throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' is at version " + current + " in "
                        + spec.toUri() + ", not " + ifVersion + "; it changed since it was read, so it was not deleted: "
                        + "read it again");
            }
            files.save(new SecretFiles.Entry(key, stored.get().lastVersion(), List.of()));
            return true;
        }
    }

    /**
     * Lists the directory and, with a write probe, writes a probe file and removes it without a trace.
     * A store opened without consent to plain text fails the probe with the reason, writing nothing.
     */
    @Override
    public HealthReport health(boolean writeProbe) {
        String endpoint = spec.toUri();
        List<String> problems = new ArrayList<>();
        if (Files.exists(files.directory()) && !Files.isDirectory(files.directory())) {
            problems.add(files.directory() + " is not a directory; point " + spec.scheme() + ": at a directory");
            return new HealthReport(endpoint, false, null, null, null, problems);
        }
        try {
            files.all();
        } catch (ProviderException e) {
            problems.add(e.getMessage());
            return new HealthReport(endpoint, true, true, false, null, problems);
        }
        Boolean canWrite = null;
        if (writeProbe) {
            Optional<String> refusal = writeRefusal();
            if (refusal.isPresent()) {
                problems.add(refusal.get());
                canWrite = false;
            } else {
                String key = WriteProbe.key();
                canWrite = WriteProbe.run(key,
                        () -> write(SecretRecord.ofText(key, "probe"), WriteCondition.createOnly(), WriteOptions.none()),
                        () -> files.erase(key), problems);
            }
        }
        return new HealthReport(endpoint, true, true, true, canWrite, problems);
    }

    /** Nothing to release: every call opens and closes its files. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "FolderProvider[" + spec.toUri() + "]";
    }

    private void refuseUnlessPlaintext(String key) {
        Optional<String> refusal = writeRefusal();
        if (refusal.isPresent()) {
            throw new ProviderException(Kind.INVALID, key, refusal.get());
        }
    }

    private static SecretRecord record(String key, SecretFiles.Version version) {
        return SecretRecord.builder(key)
                .value(SecretValue.ofOwnedBytes(Base64.getDecoder().decode(version.value())))
                .contentType(version.contentType())
                .tags(version.tags())
                .attributes(version.attributes())
                .version(version.version())
                .createdAt(Instant.parse(version.created()))
                .updatedAt(Instant.parse(version.updated()))
                .expiresAt(version.expires() == null ? null : Instant.parse(version.expires()))
                .build();
    }
}
