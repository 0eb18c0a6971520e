package io.ferry.provider.vault;

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
import io.ferry.spi.pacing.PaceReading;
import io.ferry.spi.pacing.Paced;
import io.ferry.spi.pacing.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A HashiCorp Vault KV mount, version 1 or 2, seen through a prefix. Keys are paths relative to
 * the mount and the prefix; the mount's version is detected on first use unless the URI gives it.
 *
 * <p>A record's value is the secret's fields when it is a JSON object, else an envelope (see
 * {@link KvCodec}). Its tags are the secret's custom_metadata on version 2, and a reserved field on
 * version 1 (see {@link KvV1Engine}). Versions are Vault's version numbers on version 2
 * (see {@link KvV2Engine} for check-and-set, idempotency tokens and soft delete).
 *
 * <p>Listing walks Vault's one-level folder listings (see {@link KeyWalk}); a page token is the
 * last key of the page, so paging is stable while keys come and go. Each listed key costs one more
 * read for its version and tags (its metadata on version 2, the secret itself on version 1).
 *
 * <p>Every call goes through the provider's {@link RateLimiter}. Thread-safe.
 */
public final class VaultProvider implements SecretProvider, Paced {

    /** Tag names the adapter keeps for itself. */
    private static final List<String> RESERVED_TAGS = List.of(KvV2Engine.WRITE_TOKEN);
    /** The custom_metadata key the engine's ownership mark takes, outside a record's allowance. */
    private static final int OWNERSHIP_MARK = 1;

    /**
     * Vault KV's rules from {@link VaultConstraints}, with two adjustments: no path segment
     * may be {@code .} or {@code ..} (HTTP clients and Vault fold them away), and two custom_metadata
     * keys of the 64 are the adapter's own write token and the engine's ownership mark, which counts
     * against no record's allowance: a record carries 62 tags besides it.
     */
    static final Constraints CONSTRAINTS = adjusted(VaultConstraints.of());

    private final ProviderSpec spec;
    private final VaultSettings settings;
    private final VaultHttp http;
    private volatile Scope scope;

    /** The engine and the path prefix every key is under, known after the mount is found. */
    private record Scope(KvEngine engine, String prefix) {
    }

    VaultProvider(ProviderSpec spec, VaultSettings settings, VaultHttp http) {
        this.spec = spec;
        this.settings = settings;
        this.http = http;
    }

    private static Constraints adjusted(Constraints vault) {
        return new Constraints(vault.store(), Pattern.compile("(?!(.*/)?\\.{1,2}(/|$))" + vault.namePattern().pattern()),
                vault.nameRule() + ", and no segment that is . or ..", vault.maxNameLength(), vault.maxValueBytes(),
                vault.maxTags() - RESERVED_TAGS.size() - OWNERSHIP_MARK, vault.maxTagKeyLength(), vault.maxTagValueLength(),
                vault.caseSensitive(), vault.textOnly(), vault.nameCharacters());
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return CONSTRAINTS;
    }

    /** @return the KV version of the mount, found on first use */
    public int kvVersion() {
        return scope().engine().version();
    }

    /** @return the limiter all calls go through, for its statistics */
    public RateLimiter limiter() {
        return http.limiter();
    }

    @Override
    public List<PaceReading> pacing() {
        return List.of(http.limiter().reading());
    }

    private Scope scope() {
        Scope s = scope;
        if (s == null) {
            synchronized (this) {
                if (scope == null) {
                    KvMountLocator.Located mount = KvMountLocator.locate(settings, http);
                    String where = settings.address() + "/v1/" + (settings.namespace() == null ? "" : settings.namespace() + "/")
                            + mount.path() + "/";
                    KvEngine engine = mount.version() == 2 ? new KvV2Engine(http, mount.path(), where)
                            : new KvV1Engine(http, mount.path(), where);
                    scope = new Scope(engine, mount.below() + settings.prefix());
                }
                s = scope;
            }
        }
        return s;
    }

    private String path(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a Vault key is a non-empty path");
        }
        return scope().prefix() + key;
    }

    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one entry, not " + pageSize);
        }
        Scope s = scope();
        String after = pageToken == null ? null : s.prefix() + PageTokens.decode(pageToken, spec.toUri());
        KeyWalk walk = new KeyWalk(s.engine()::folder, s.prefix() + (prefix == null ? "" : prefix), after);
        List<SecretSummary> items = new ArrayList<>();
        String last = null;
        while (items.size() < pageSize && walk.hasNext()) {
            last = walk.next();
            String key = last.substring(s.prefix().length());
            s.engine().summary(key, last).ifPresent(items::add);
        }
        String next = walk.hasNext() ? PageTokens.encode(last.substring(s.prefix().length())) : null;
        return new Page<>(items, next);
    }


    /** Vault KV keeps a value and custom_metadata, and no attributes of a record. */
    @Override
    public boolean keepsAttribute(String name) {
        return false;
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        return scope().engine().read(key, path(key));
    }

    @Override
    public List<SecretRecord> history(String key) {
        return scope().engine().history(key, path(key));
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        String key = record.key();
        List<String> problems = violations(record);
        if (!problems.isEmpty()) {
            throw new ProviderException(Kind.INVALID, key, "cannot write '" + key + "' to Vault at " + settings.where()
                    + ": " + String.join("; ", problems));
        }
        return scope().engine().write(key, path(key), record, condition, options == null ? WriteOptions.none() : options);
    }

    /** The declared constraints, with the value measured as the JSON Vault stores, and custom_metadata's own rules. */
    @Override
    public List<String> violations(SecretRecord record) {
        List<String> problems = new ArrayList<>(CONSTRAINTS.violations(record, KvCodec.encodedSize(record)));
        problems.addAll(tagProblems(record.tags()));
        return problems;
    }

    /** What Vault checks of custom_metadata beyond the declared constraints: bytes, printable characters, reserved names. */
    static List<String> tagProblems(Map<String, String> tags) {
        List<String> problems = new ArrayList<>();
        tags.forEach((name, value) -> {
            if (RESERVED_TAGS.contains(name)) {
                problems.add("tag name '" + name + "' is reserved for Ferry's own bookkeeping; rename the tag");
            }
            if (name.isEmpty() || !printable(name)) {
                problems.add("tag name '" + printableForm(name) + "' is empty or has characters Vault does not print");
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > CONSTRAINTS.maxTagKeyLength()) {
                problems.add("tag name '" + name + "' is longer than " + CONSTRAINTS.maxTagKeyLength() + " bytes");
            }
            String v = value == null ? "" : value;
            if (!printable(v)) {
                problems.add("tag '" + printableForm(name) + "' has a value with characters Vault does not print");
            }
            if (v.getBytes(StandardCharsets.UTF_8).length > CONSTRAINTS.maxTagValueLength()) {
                problems.add("tag '" + name + "' has a value longer than " + CONSTRAINTS.maxTagValueLength() + " bytes");
            }
        });
        return problems;
    }

    /** Go's {@code unicode.IsPrint}, which Vault applies to custom_metadata. */
    private static boolean printable(String s) {
        return s.codePoints().allMatch(c -> c == ' ' || switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        });
    }

    private static String printableForm(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        return scope().engine().delete(key, path(key), ifVersion);
    }

    @Override
    public boolean isSoftDeleted(String key) {
        return scope().engine().isSoftDeleted(key, path(key));
    }

    @Override
    public void recover(String key) {
        scope().engine().recover(key, path(key));
    }

    @Override
    public void purge(String key) {
        scope().engine().purge(key, path(key));
    }

    @Override
    public HealthReport health(boolean writeProbe) {
        String endpoint = settings.where();
        List<String> problems = new ArrayList<>();
        // Each check is null until it runs, so that the report states only what was checked.
        Boolean reachable = false;
        Boolean authenticated = null;
        Boolean canList = null;
        Boolean canWrite = null;
        boolean transientFailure = false;
        try {
            VaultHttp.Reply status = http.once("sys/health", false);
            reachable = true;
            if ((status.status() >= 500 || status.status() == 429) && !status.body().has("initialized")) {
                problems.add("Vault at " + settings.address() + " answered its health check with "
                        + VaultErrors.said(status.status()) + "; if it persists, check Vault's server log");
                return new HealthReport(endpoint, true, null, null, null, problems).withTransientFailure(true);
            }
            if (!status.body().has("initialized")) {
                problems.add("something at " + settings.address() + " answered HTTP " + status.status()
                        + " but it is not Vault's API (no sys/health); check the address, the port and any proxy");
                return new HealthReport(endpoint, true, null, null, null, problems);
            }
            if (status.status() == 503 || status.body().path("sealed").asBoolean(false)) {
                problems.add("Vault at " + settings.address() + " is sealed; unseal it (vault operator unseal) and run again");
                return new HealthReport(endpoint, true, null, null, null, problems);
            }
            VaultHttp.Reply self = http.once("auth/token/lookup-self", true);
            authenticated = self.ok();
            if (!authenticated) {
                problems.add("Vault at " + settings.address() + " refused the token (" + VaultErrors.said(self.status())
                        + "); check that it has not expired (vault token lookup) and that it belongs to this Vault"
                        + (settings.namespace() == null ? "" : " and namespace " + settings.namespace()));
            } else {
                canList = false;
                Scope s = scope();
                s.engine().folder(s.prefix().substring(0, s.prefix().lastIndexOf('/') + 1));
                canList = true;
                if (writeProbe) {
                    canWrite = probeWrite(s, problems);
                }
            }
        } catch (ProviderException e) {
            problems.add(e.getMessage());
            // the health calls are asked once, unretried, so the kind says whether asking again may help
            transientFailure = e.kind().retryableByDefault();
        }
        return new HealthReport(endpoint, reachable, authenticated, canList, canWrite, problems).withTransientFailure(transientFailure);
    }

    private boolean probeWrite(Scope s, List<String> problems) {
        String key = WriteProbe.key();
        return WriteProbe.run(key,
                () -> s.engine().write(key, s.prefix() + key, SecretRecord.builder(key).value(SecretValue.ofText("probe")).build(),
                        WriteCondition.createOnly(), WriteOptions.none()),
                () -> s.engine().remove(key, s.prefix() + key), problems);
    }

    @Override
    public void close() {
        // The shared HTTP client holds no resource that outlives its idle connections.
    }

    @Override
    public String toString() {
        return "VaultProvider[" + spec + "]";
    }
}
