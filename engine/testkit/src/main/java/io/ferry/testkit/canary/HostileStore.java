package io.ferry.testkit.canary;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * A store in front of another that fails the operations it is told to, the way a careless adapter
 * and its store do: every failure quotes what the call carried (the value written, the value read)
 * in every {@link Encoding}, see {@link Echo}. With {@code throw=foreign} (the default) it throws an
 * exception of its own, as an SDK would; with {@code throw=provider} a well-formed
 * {@link ProviderException} whose cause does the quoting, as an adapter that keeps the SDK's
 * exception as the cause does. Opened by {@link HostileStoreFactory}.
 */
public final class HostileStore implements SecretProvider {

    /** An operation the store can be told to fail. */
    public enum Operation {
        /** {@link #read} and batched reads. */
        READ,
        /** {@link #list}. */
        LIST,
        /** {@link #write}. */
        WRITE,
        /** {@link #delete}. */
        DELETE,
        /** {@link #health}. */
        HEALTH
    }

    private final ProviderSpec spec;
    private final SecretProvider inner;
    private final Set<Operation> failing;
    private final boolean asProviderException;

    /**
     * @param spec the URI it was opened with
     * @param inner the store it stands in front of, which it closes
     * @param failing the operations that fail
     * @param asProviderException whether failures are {@link ProviderException}s with a quoting cause
     */
    public HostileStore(ProviderSpec spec, SecretProvider inner, Set<Operation> failing, boolean asProviderException) {
        this.spec = spec;
        this.inner = inner;
        this.failing = Set.copyOf(failing);
        this.asProviderException = asProviderException;
    }

    @Override
    public ProviderSpec spec() {
        return spec;
    }

    @Override
    public Constraints constraints() {
        return inner.constraints();
    }

    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        Page<SecretSummary> page = inner.list(prefix, pageToken, pageSize);
        if (failing.contains(Operation.LIST)) {
            StringBuilder sent = new StringBuilder();
            for (SecretSummary summary : page.items()) {
                inner.read(summary.key()).ifPresent(r -> sent.append(request(r)));
            }
            throw failure(Operation.LIST, null, sent.toString().getBytes(StandardCharsets.UTF_8));
        }
        return page;
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        Optional<SecretRecord> found = inner.read(key);
        if (failing.contains(Operation.READ) && found.isPresent()) {
            throw failure(Operation.READ, key, request(found.get()).getBytes(StandardCharsets.UTF_8));
        }
        return found;
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        if (failing.contains(Operation.WRITE)) {
            throw failure(Operation.WRITE, record.key(), request(record).getBytes(StandardCharsets.UTF_8));
        }
        return inner.write(record, condition, options);
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        if (failing.contains(Operation.DELETE)) {
            byte[] sent = inner.read(key).map(r -> request(r).getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
            throw failure(Operation.DELETE, key, sent);
        }
        return inner.delete(key, ifVersion);
    }

    @Override
    public HealthReport health(boolean writeProbe) {
        if (failing.contains(Operation.HEALTH)) {
            StringBuilder held = new StringBuilder();
            inner.stream("", 100).forEach(s -> inner.read(s.key()).ifPresent(r -> held.append(request(r))));
            throw failure(Operation.HEALTH, null, held.toString().getBytes(StandardCharsets.UTF_8));
        }
        return inner.health(writeProbe);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "HostileStore[" + spec + "]";
    }

    /** The request body a store's API would have carried: the value as text, and as Base64 for binary. */
    private static String request(SecretRecord record) {
        String text = new String(record.value().bytes(), StandardCharsets.UTF_8);
        return "{\"Name\":\"" + Encoding.JSON_ESCAPED.apply(record.key().getBytes(StandardCharsets.UTF_8))
                + "\",\"SecretString\":\"" + Encoding.JSON_ESCAPED.apply(text.getBytes(StandardCharsets.UTF_8))
                + "\",\"SecretBinary\":\"" + Base64.getEncoder().encodeToString(record.value().bytes()) + "\"}";
    }

    private RuntimeException failure(Operation operation, String key, byte[] sent) {
        StoreSaid said = new StoreSaid(Echo.of(sent), new StoreSaid("caused by: " + Echo.of(sent), null));
        said.addSuppressed(new StoreSaid("also: " + Echo.of(sent), null));
        if (!asProviderException) {
            return said;
        }
        return new ProviderException(ProviderException.Kind.INVALID, key, "the hostile store refused the "
                + operation.name().toLowerCase(java.util.Locale.ROOT) + (key == null ? "" : " of '" + key + "'")
                + " (EchoedRequest); it is a test store that always does", said);
    }

    /** What the store's SDK throws: a message that quotes the request. */
    static final class StoreSaid extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StoreSaid(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
