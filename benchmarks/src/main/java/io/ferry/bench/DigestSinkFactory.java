package io.ferry.bench;

import io.ferry.secret.Fingerprinter;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretSummary;
import io.ferry.secret.SecretValue;
import io.ferry.spi.Constraints;
import io.ferry.spi.HealthReport;
import io.ferry.spi.Page;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sink:}: a target that keeps, per key, only an 8-byte digest of what was written and gives
 * back the synthetic source's value when the digest matches, so that validation really compares
 * what was written, in a fraction of the memory a store holding the values would need.
 */
public final class DigestSinkFactory implements ProviderFactory {

    @Override
    public String scheme() {
        return "sink";
    }

    @Override
    public String description() {
        return "benchmark target: sink: keeps a digest per key of what was written";
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        return new Sink(spec);
    }

    private static final class Sink implements SecretProvider {
        private static final Fingerprinter DIGEST = new Fingerprinter(new byte[32]);
        private final ProviderSpec spec;
        private final Map<String, Long> digests = new ConcurrentHashMap<>();

        Sink(ProviderSpec spec) {
            this.spec = spec;
        }

        private static long digest(SecretValue value) {
            return Long.parseUnsignedLong(value.fingerprint(DIGEST).substring(5, 20), 16);
        }

        @Override
        public ProviderSpec spec() {
            return spec;
        }

        @Override
        public Constraints constraints() {
            return Constraints.lenient("digest sink");
        }

        @Override
        public Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
            return new Page<>(List.of(), null);
        }

        @Override
        public Optional<SecretRecord> read(String key) {
            Long d = digests.get(key);
            if (d == null) {
                return Optional.empty();
            }
            int i = Integer.parseInt(key.substring(key.indexOf('-') + 1));
            SecretValue expected = SyntheticProviderFactory.value(i);
            SecretValue value = digest(expected) == d ? expected : SecretValue.ofText("something else");
            return Optional.of(SecretRecord.builder(key).value(value).version("1").tag("ferry-managed-by", "ferry").build());
        }

        @Override
        public WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
            Long previous;
            if (condition.mode() == WriteCondition.Mode.CREATE_ONLY) {
                previous = digests.putIfAbsent(record.key(), digest(record.value()));
                if (previous != null) {
                    throw new ProviderException(ProviderException.Kind.EXISTS, record.key(), record.key() + " exists in the sink");
                }
            } else {
                previous = digests.put(record.key(), digest(record.value()));
            }
            return new WriteResult("1", previous == null);
        }

        @Override
        public boolean delete(String key, String ifVersion) {
            return digests.remove(key) != null;
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
