package io.ferry.bench;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.secret.SecretValue;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code synthetic:COUNT}: a read-only source that computes its records from their index instead
 * of keeping them, so that a million-record run measures the engine's memory and not the store's.
 */
public final class SyntheticProviderFactory implements ProviderFactory {

    @Override
    public String scheme() {
        return "synthetic";
    }

    @Override
    public String description() {
        return "benchmark source: synthetic:COUNT computes COUNT records on demand";
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        return new Synthetic(spec, Integer.parseInt(spec.location()));
    }

    static String key(int i) {
        return String.format("bench/key-%08d", i);
    }

    static SecretValue value(int i) {
        return SecretValue.ofText("value-" + i + "-0123456789abcdef0123456789abcdef");
    }

    private static final class Synthetic implements SecretProvider {
        private final ProviderSpec spec;
        private final int count;

        Synthetic(ProviderSpec spec, int count) {
            this.spec = spec;
            this.count = count;
        }

        @Override
        public ProviderSpec spec() {
            return spec;
        }

        @Override
        public Constraints constraints() {
            return Constraints.lenient("synthetic source");
        }

        @Override
        public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
            int from = pageToken == null ? 0 : Integer.parseInt(pageToken);
            int to = Math.min(count, from + pageSize);
            List<SecretSummary> items = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                items.add(new SecretSummary(key(i), "1", null, null));
            }
            return new Page<>(items, to < count ? String.valueOf(to) : null);
        }

        @Override
        public Optional<SecretRecord> read(String key) {
            int i = Integer.parseInt(key.substring(key.indexOf('-') + 1));
            return i < count ? Optional.of(SecretRecord.builder(key).value(value(i)).version("1").build()) : Optional.empty();
        }

        @Override
        public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
            throw new UnsupportedOperationException("the synthetic source is read-only");
        }

        @Override
        public boolean delete(String key, String ifVersion) {
            throw new UnsupportedOperationException("the synthetic source is read-only");
        }

        @Override
        public HealthReport health(boolean writeProbe) {
            return new HealthReport(spec.toUri(), true, true, true, null, List.of());
        }

        @Override
        public void close() {
        }
    }
}
