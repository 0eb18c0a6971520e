package io.ferry.support

import io.ferry.secret.SecretRecord
import io.ferry.spi.*

import java.util.concurrent.ConcurrentHashMap

/**
 * A test adapter, scheme {@code shaped}, over a shared {@code memory:NAME} store whose rules can
 * change: the names in {@link #REFUSED} for that store are refused by {@code violations} and by
 * {@code write}, as a store whose naming rules changed since a restore point was taken refuses them.
 */
class ShapedProviderFactory implements ProviderFactory {

    static final Map<String, Set<String>> REFUSED = new ConcurrentHashMap<>()

    @Override
    String scheme() { 'shaped' }

    @Override
    String description() { 'test adapter: a memory store that refuses the names a specification gives it' }

    @Override
    SecretProvider open(ProviderSpec spec, ProviderContext context) {
        new ShapedProvider(ProviderRegistry.load().open("memory:${spec.location()}", context), spec)
    }

    static class ShapedProvider implements SecretProvider {
        @Delegate(excludes = ['spec', 'violations', 'write', 'close'])
        final SecretProvider inner
        final ProviderSpec spec

        ShapedProvider(SecretProvider inner, ProviderSpec spec) {
            this.inner = inner
            this.spec = spec
        }

        @Override
        ProviderSpec spec() { spec }

        @Override
        List<String> violations(SecretRecord record) {
            REFUSED.getOrDefault(spec.location(), [] as Set).contains(record.key())
                    ? ["the store no longer accepts the name '${record.key()}'".toString()] : inner.violations(record)
        }

        @Override
        WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
            def refused = violations(record)
            if (refused) {
                throw new ProviderException(ProviderException.Kind.INVALID, record.key(), refused[0])
            }
            inner.write(record, condition, options)
        }

        @Override
        void close() {
            inner.close()
        }
    }
}
