package io.ferry.support

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretSummary
import io.ferry.spi.*
import io.ferry.spi.pacing.Backoff
import io.ferry.spi.pacing.PaceReading
import io.ferry.spi.pacing.Paced
import io.ferry.spi.pacing.RateLimiter

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/**
 * A test adapter, scheme {@code flaky}, that wraps a shared {@code memory:NAME} store and fails writes
 * on demand: {@code flaky:NAME?failKeys=a,b&kind=UNAVAILABLE&times=2} fails the first two writes of
 * keys a and b as UNAVAILABLE (times=-1: always; echo=true: quote the value in the error; after=N: let
 * the first N writes of each key through before failing; unreachable=true: fail the health check; healthFailures=N: fail
 * the first N health checks of the location as a store answering HTTP 500 does, transiently; crash=true: fail as a process dying mid-write does, with
 * an exception that is not the store's; rate.write=N: pace writes through a {@link RateLimiter} at N a second, trying
 * each once, as an adapter does, so that its reading counts them). The names {@link #REFUSED} gives for a store's location are refused by
 * {@code violations} and {@code write}, as by a store whose naming rules changed. Counts every write per key, so tests can prove
 * that nothing was written twice, and keeps the idempotency token of every attempt, failed or not.
 */
class FlakyProviderFactory implements ProviderFactory {

    static final Map<String, AtomicInteger> WRITES = new ConcurrentHashMap<>()
    static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>()
    static final Map<String, List<String>> TOKENS = new ConcurrentHashMap<>()
    static final Map<String, Set<String>> REFUSED = new ConcurrentHashMap<>()
    /** The health checks asked of each location. */
    static final Map<String, AtomicInteger> HEALTH_CHECKS = new ConcurrentHashMap<>()

    static void reset() {
        WRITES.clear()
        FAILURES_LEFT.clear()
        TOKENS.clear()
        REFUSED.clear()
        HEALTH_CHECKS.clear()
    }

    @Override
    String scheme() { 'flaky' }

    @Override
    String description() { 'test adapter: a memory store whose writes fail on demand' }

    @Override
    SecretProvider open(ProviderSpec spec, ProviderContext context) {
        SecretProvider inner = ProviderRegistry.load().open("memory:${spec.location()}", context)
        Set<String> failKeys = (spec.option('failKeys', '') ?: '').split(',').findAll() as Set
        def kind = ProviderException.Kind.valueOf(spec.option('kind', 'UNAVAILABLE'))
        int times = spec.option('times', '-1') as int
        boolean echo = spec.option('echo', 'false') == 'true'
        def provider = new FlakyProvider(inner, spec, failKeys, kind, times, echo)
        provider.after = spec.option('after', '0') as int
        def rate = spec.option('rate.write', null)
        if (rate != null) {
            provider.limiter = RateLimiter.of('flaky store', [(RateLimiter.Operation.WRITE): rate as double], Backoff.DEFAULT, 1)
        }
        return provider
    }

    static class FlakyProvider implements SecretProvider, Paced {
        @Delegate(excludes = ['spec', 'violations', 'write', 'writeBatch', 'close', 'health'])
        final SecretProvider inner
        final ProviderSpec spec
        final Set<String> failKeys
        final ProviderException.Kind kind
        final int times
        final boolean echo
        int after
        RateLimiter limiter

        FlakyProvider(SecretProvider inner, ProviderSpec spec, Set<String> failKeys, ProviderException.Kind kind, int times,
                      boolean echo) {
            this.echo = echo
            this.inner = inner
            this.spec = spec
            this.failKeys = failKeys
            this.kind = kind
            this.times = times
        }

        @Override
        ProviderSpec spec() { spec }

        @Override
        HealthReport health(boolean writeProbe) {
            int asked = HEALTH_CHECKS.computeIfAbsent(spec.location()) { new AtomicInteger() }.incrementAndGet()
            if (asked <= (spec.option('healthFailures', '0') as int)) {
                return new HealthReport(spec.toUri(), true, null, null, null,
                        ["flaky store at ${spec.toUri()} answered HTTP 500".toString()]).withTransientFailure(true)
            }
            if (spec.option('unreachable', 'false') == 'true') {
                return new HealthReport(spec.toUri(), false, false, false, null,
                        ["flaky store at ${spec.toUri()} did not answer; check that it is running".toString()])
            }
            inner.health(writeProbe)
        }

        @Override
        List<String> violations(SecretRecord record) {
            REFUSED.getOrDefault(spec.location(), [] as Set).contains(record.key())
                    ? ["the store no longer accepts the name '${record.key()}'".toString()] : inner.violations(record)
        }

        @Override
        List<PaceReading> pacing() {
            limiter == null ? [] : [limiter.reading()]
        }

        @Override
        WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) {
            limiter == null ? attempt(record, condition, options)
                    : limiter.call(RateLimiter.Operation.WRITE, record.key()) { attempt(record, condition, options) }
        }

        private WriteResult attempt(SecretRecord record, WriteCondition condition, WriteOptions options) {
            if (REFUSED.getOrDefault(spec.location(), [] as Set).contains(record.key())) {
                throw new ProviderException(ProviderException.Kind.INVALID, record.key(), violations(record)[0])
            }
            int landed = WRITES.get(record.key())?.get() ?: 0
            TOKENS.computeIfAbsent(record.key()) { Collections.synchronizedList([]) } << options?.idempotencyToken()
            if (record.key() in failKeys && landed >= after) {
                def left = FAILURES_LEFT.computeIfAbsent("${spec.location()}/${record.key()}".toString()) { new AtomicInteger(times) }
                if (times < 0 || left.getAndDecrement() > 0) {
                    // echo=true imitates a careless store that quotes the rejected value in its error
                    def detail = echo ? ": ${record.value().text()}" : ''
                    if (spec.option('crash', 'false') == 'true') {
                        throw new IllegalStateException("flaky store crashed while writing ${record.key()}")
                    }
                    throw new ProviderException(kind, record.key(), "flaky store refused ${record.key()}${detail}")
                }
            }
            WRITES.computeIfAbsent(record.key()) { new AtomicInteger() }.incrementAndGet()
            return inner.write(record, condition, options)
        }

        @Override
        void close() {
            inner.close()
        }
    }
}
