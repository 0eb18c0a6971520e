package io.ferry.provider.file;

import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
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
import io.ferry.spi.WriteOutcome;
import io.ferry.spi.WriteRequest;
import io.ferry.spi.WriteResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link SecretProvider} over a plain-text secrets file (JSON, YAML, dotenv, Java properties or
 * Kubernetes Secret manifests), for bringing in the secrets that live in files before a migration,
 * and, where the user accepts a plain-text copy, for writing them out.
 *
 * <p>Reads see the file as it is now: it is parsed again whenever it changes. Listing is in key
 * order. A file keeps no history, no tags and no timestamps: a record read from it has none, and
 * the tags of a record written to it are not kept (so Ferry's ownership mark is not either).
 *
 * <p>A version names a record's content: the first 64 bits of an HMAC of the key and the value,
 * under a key derived from the user's journal key, so that it agrees across processes (a plan made
 * in one is applied in another) yet says nothing about the value to anyone without the key file.
 * If-version writes and deletes compare it with the file as it is when they run.
 *
 * <p>Writes and deletes are refused unless the URI says {@code plaintext=true}. Then each rewrites
 * the whole file from its entries, atomically and owner-only (see {@link SecretsFile}): comments,
 * blank lines and formatting are not kept, entries keep their order and new ones are added at the
 * end. A batch is one rewrite. Thread-safe. Opened by {@link FileProviderFactory}.
 */
public final class FileProvider implements SecretProvider {

    private final ProviderSpec spec;
    private final SecretsFile file;
    private final FileFormat format;
    private final boolean plaintext;
    private final Fingerprinter versions;

    FileProvider(ProviderSpec spec, SecretsFile file, FileFormat format, boolean plaintext, Fingerprinter versions) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.file = Objects.requireNonNull(file, "file");
        this.format = Objects.requireNonNull(format, "format");
        this.plaintext = plaintext;
        this.versions = Objects.requireNonNull(versions, "versions");
    }

    /** @return the file */
    public Path path() {
        return file.path();
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return format.constraints();
    }

    /** A file has no place for tags: they are accepted and dropped, so they take no part in planning. */
    @Override
    public boolean keepsTags() {
        return false;
    }

    /** Of the attributes, a file keeps only a Kubernetes manifest's Secret type. */
    @Override
    public boolean keepsAttribute(String name) {
        return format instanceof KubernetesManifestFormat && KubernetesManifestFormat.TYPE.equals(name);
    }

    /** A file has no place for a content type either. */
    @Override
    public boolean keepsContentType() {
        return false;
    }

    @Override
    public List<String> violations(SecretRecord record) {
        List<String> problems = new ArrayList<>(SecretProvider.super.violations(record));
        problems.addAll(format.violations(record));
        return problems;
    }

    @Override
    public Optional<String> writeRefusal() {
        if (plaintext) {
            return Optional.empty();
        }
        return Optional.of(spec.toUri() + " would write secrets unencrypted to the plain-text file " + file.path()
                + "; add ?" + FileProviderFactory.PLAINTEXT + "=true to the URI to accept that (the file is written "
                + "owner-only), or write to an encrypted store such as local:secrets.db");
    }

    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        String from = prefix == null ? "" : prefix;
        String after = pageToken == null ? null : PageTokens.decode(pageToken, spec.toUri());
        TreeMap<String, Entry> sorted = new TreeMap<>(file.entries());
        List<SecretSummary> items = new ArrayList<>();
        String next = null;
        for (Entry entry : (after == null ? sorted.tailMap(from, true) : sorted.tailMap(after, false)).values()) {
            if (!entry.key().startsWith(from)) {
                break;
            }
            if (items.size() == pageSize) {
                next = PageTokens.encode(items.get(items.size() - 1).key());
                break;
            }
            items.add(SecretSummary.of(record(entry)));
        }
        return new Page<>(items, next);
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        return Optional.ofNullable(file.entries().get(key)).map(this::record);
    }

    /** Reads the file once for all the keys. */
    @Override
    public Map<String, SecretRecord> readBatch(Collection<String> keys) {
        Map<String, Entry> entries = file.entries();
        Map<String, SecretRecord> found = new LinkedHashMap<>();
        for (String key : keys) {
            Entry entry = entries.get(key);
            if (entry != null) {
                found.put(key, record(entry));
            }
        }
        return found;
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        Objects.requireNonNull(condition, "condition");
        refuseUnlessPlaintext(record.key());
        checkConstraints(record);
        return file.edit(entries -> apply(entries, record, condition));
    }

    /** Applies the writes in order to the entries and rewrites the file once; each write succeeds or fails alone. */
    @Override
    public List<WriteOutcome> writeBatch(List<WriteRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        refuseUnlessPlaintext(null);
        return file.edit(entries -> {
            List<WriteOutcome> outcomes = new ArrayList<>(requests.size());
            for (WriteRequest request : requests) {
                try {
                    checkConstraints(request.record());
                    outcomes.add(WriteOutcome.of(apply(entries, request.record(), request.condition())));
                } catch (ProviderException e) {
                    outcomes.add(WriteOutcome.failed(e));
                }
            }
            return outcomes;
        });
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        refuseUnlessPlaintext(key);
        return file.edit(entries -> {
            Entry current = entries.get(key);
            if (current == null) {
                return false;
            }
            String version = version(current);
            if (ifVersion != null && !ifVersion.equals(version)) {
                throw new ProviderException(Kind.CONFLICT, key, "'" + key + "' is at version " + version + " in "
                        + file.path() + ", not " + ifVersion + "; it changed since it was read, so it was not deleted: "
                        + "read it again");
            }
            entries.remove(key);
            return true;
        });
    }

    /**
     * Checks that the file can be read and parsed and, with a write probe, that it may be written
     * and its directory is writable. The probe writes nothing: a probe secret would make the file
     * be rewritten twice, losing its comments for no purpose.
     */
    @Override
    public HealthReport health(boolean writeProbe) {
        List<String> problems = new ArrayList<>();
        // A missing directory is created by the first write; what must exist is a directory to create it in.
        Path directory = file.path().getParent();
        while (directory != null && !Files.exists(directory)) {
            directory = directory.getParent();
        }
        boolean reachable = directory != null && Files.isDirectory(directory);
        if (!reachable) {
            problems.add(file.path() + " lies under a path that is not a directory; check the path");
        }
        boolean canList = false;
        if (reachable) {
            try {
                file.entries();
                canList = true;
            } catch (ProviderException e) {
                problems.add(e.getMessage());
            }
        }
        Boolean canWrite = null;
        if (writeProbe) {
            Optional<String> refusal = writeRefusal();
            refusal.ifPresent(problems::add);
            boolean writable = reachable && Files.isWritable(directory)
                    && (!Files.exists(file.path()) || Files.isWritable(file.path()));
            if (reachable && !writable) {
                problems.add("cannot write " + file.path() + " or its directory; check the permissions");
            }
            canWrite = refusal.isEmpty() && writable;
        }
        return new HealthReport(file.path().toString(), reachable, reachable, canList, canWrite, problems);
    }

    /** Holds no open file between calls. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "FileProvider[" + spec.toUri() + "]";
    }

    private WriteResult apply(Map<String, Entry> entries, SecretRecord record, WriteCondition condition) {
        String key = record.key();
        Entry current = entries.get(key);
        String currentVersion = current == null ? null : version(current);
        condition.requireMet(key, currentVersion, file.path().toString());
        if (current == null) {
            Optional<String> clash = format.clash(key, entries.keySet());
            if (clash.isPresent()) {
                throw new ProviderException(Kind.INVALID, key, "cannot write '" + key + "' to " + file.path() + ": "
                        + clash.get());
            }
        }
        Entry written = format.entry(record, current == null ? 0 : current.line());
        entries.put(key, written);
        return new WriteResult(version(written), current == null);
    }

    private void refuseUnlessPlaintext(String key) {
        Optional<String> refusal = writeRefusal();
        if (refusal.isPresent()) {
            throw new ProviderException(Kind.INVALID, key, refusal.get());
        }
    }

    private void checkConstraints(SecretRecord record) {
        List<String> problems = violations(record);
        if (!problems.isEmpty()) {
            throw new ProviderException(Kind.INVALID, record.key(), "cannot write '" + record.key() + "' to "
                    + file.path() + ": " + String.join("; ", problems));
        }
    }

    private SecretRecord record(Entry entry) {
        return SecretRecord.builder(entry.key())
                .value(entry.value())
                .contentType(entry.contentType())
                .attributes(entry.attributes())
                .version(version(entry))
                .build();
    }

    private String version(Entry entry) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] key = entry.key().getBytes(StandardCharsets.UTF_8);
        // The key's length first, so that no key and value can be confused with another pair.
        content.writeBytes(Integer.toString(key.length).getBytes(StandardCharsets.US_ASCII));
        content.write(':');
        content.writeBytes(key);
        content.writeBytes(entry.value().bytes());
        return versions.fingerprint(content.toByteArray()).substring("hmac:".length(), "hmac:".length() + 16);
    }
}
