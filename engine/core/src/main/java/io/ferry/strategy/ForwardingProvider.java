package io.ferry.strategy;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider that hands every call to the store applications use today, the primary, so that a
 * strategy overrides only the calls it changes. Everything the SPI has is forwarded, the rules
 * ({@link #violations}) and soft delete included, so that a wrapped store plans and recovers as it
 * would alone. Batch writes are not forwarded: they go through {@link #write} one by one, so that a
 * strategy that changes writes changes batch writes too.
 */
abstract class ForwardingProvider implements SecretProvider {

    /** The store applications use today. */
    protected final SecretProvider primary;

    ForwardingProvider(SecretProvider primary) {
        this.primary = Objects.requireNonNull(primary, "primary");
    }

    @Override
    public ProviderSpec spec() {
        return primary.spec();
    }

    @Override
    public Constraints constraints() {
        return primary.constraints();
    }

    @Override
    public List<String> violations(SecretRecord record) {
        return primary.violations(record);
    }

    @Override
    public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
        return primary.list(prefix, pageToken, pageSize);
    }

    @Override
    public Optional<SecretRecord> read(String key) {
        return primary.read(key);
    }

    @Override
    public Map<String, SecretRecord> readBatch(Collection<String> keys) {
        return primary.readBatch(keys);
    }

    @Override
    public List<SecretRecord> history(String key) {
        return primary.history(key);
    }

    @Override
    public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
        return primary.write(record, condition, options);
    }

    @Override
    public boolean delete(String key, String ifVersion) {
        return primary.delete(key, ifVersion);
    }

    @Override
    public boolean isSoftDeleted(String key) {
        return primary.isSoftDeleted(key);
    }

    @Override
    public String whyUnreadable(String key) {
        return primary.whyUnreadable(key);
    }

    @Override
    public Optional<SecretRecord> readDisabled(String key) {
        return primary.readDisabled(key);
    }

    @Override
    public boolean keepsAttribute(String name) {
        return primary.keepsAttribute(name);
    }

    @Override
    public boolean keepsTags() {
        return primary.keepsTags();
    }

    @Override
    public boolean keepsContentType() {
        return primary.keepsContentType();
    }

    @Override
    public void recover(String key) {
        primary.recover(key);
    }

    @Override
    public void purge(String key) {
        primary.purge(key);
    }

    @Override
    public Optional<String> writeRefusal() {
        return primary.writeRefusal();
    }

    @Override
    public HealthReport health(boolean writeProbe) {
        return primary.health(writeProbe);
    }
}
