package io.ferry.spi.pacing

import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderSpec
import io.ferry.spi.pacing.RateLimiter.Operation
import java.time.Duration
import spock.lang.Specification

class RateLimiterSpec extends Specification {

    static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4))

    static ProviderException throttled(Duration retryAfter = null) {
        new ProviderException(ProviderException.Kind.THROTTLED, 'k', 'slow down', true, retryAfter, null)
    }

    static ProviderException unavailable() {
        new ProviderException(ProviderException.Kind.UNAVAILABLE, 'k', 'down')
    }

    def "a throttled call is retried until it succeeds, and the store's rate drops"() {
        given:
        def limiter = RateLimiter.of('Store', [(Operation.WRITE): 1000d], QUICK, 5)
        int calls = 0

        when:
        def result = limiter.call(Operation.WRITE, 'k') {
            if (++calls < 3) throw throttled()
            'written'
        }

        then:
        result == 'written'
        calls == 3
        limiter.throttles() == 2
        limiter.retries() == 2
        limiter.rate(Operation.WRITE) < 1000 * 0.7 * 0.7 + 1000 * 0.02 + 0.001
        limiter.rate(Operation.WRITE) >= 1000 * 0.7 * 0.7
    }

    def "a call throttled on every attempt fails with the store's exception after the attempts run out"() {
        given:
        def limiter = RateLimiter.of('Store', [:], QUICK, 3)
        int calls = 0

        when:
        limiter.call(Operation.READ, 'k') { calls++; throw throttled() }

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.THROTTLED
        calls == 3
    }

    def "an unavailable store is retried for reads and listings but a write goes back to the caller"() {
        given:
        def limiter = RateLimiter.of('Store', [:], QUICK, 4)
        int calls = 0

        when:
        limiter.call(op, 'k') { calls++; throw unavailable() }

        then:
        thrown(ProviderException)
        calls == expected

        where:
        op              || expected
        Operation.READ  || 4
        Operation.LIST  || 4
        Operation.WRITE || 1
    }

    def "a failure no retry can help is thrown at once"() {
        given:
        def limiter = RateLimiter.of('Store', [:], QUICK, 4)
        int calls = 0

        when:
        limiter.call(Operation.READ, 'k') { calls++; throw new ProviderException(ProviderException.Kind.DENIED, 'k', 'no') }

        then:
        thrown(ProviderException)
        calls == 1
    }

    def "the wait before a retry is at least what the store asked for in Retry-After"() {
        given:
        def limiter = RateLimiter.of('Store', [:], QUICK, 2)
        def times = []

        when:
        limiter.call(Operation.WRITE, 'k') {
            times << System.nanoTime()
            if (times.size() == 1) throw throttled(Duration.ofMillis(120))
            'ok'
        }

        then:
        (times[1] - times[0]) >= Duration.ofMillis(120).toNanos()
    }

    def "the rate climbs back towards the configured one while calls succeed"() {
        given:
        def limiter = RateLimiter.of('Store', [(Operation.WRITE): 10000d], QUICK, 3)
        int calls = 0
        limiter.call(Operation.WRITE, 'k') { if (++calls == 1) throw throttled(); 'ok' }
        def lowered = limiter.rate(Operation.WRITE)

        when:
        60.times { limiter.call(Operation.WRITE, 'k') { 'ok' } }

        then: 'down to 70 % by the throttle, then 2 % of the configured rate back for the retry that succeeded'
        lowered == 7200d
        limiter.rate(Operation.WRITE) == 10000d
    }

    def "rates come from the defaults unless the URI overrides them, and 0 means unpaced"() {
        when:
        def limiter = RateLimiter.of('Store', [(Operation.READ): 100d, (Operation.WRITE): 50d],
                ProviderSpec.parse('x:loc?rate.write=20&rate.read=0'))

        then:
        limiter.rate(Operation.WRITE) == 20d
        limiter.rate(Operation.READ) == 0d
        limiter.rate(Operation.LIST) == 0d
    }

    def "a rate option that is not a number is refused with the option's name and an example"() {
        when:
        RateLimiter.of('Store', [:], ProviderSpec.parse("x:loc?$option"))

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(name)
        e.message.contains(hint)

        where:
        option             || name            | hint
        'rate.write=fast'  || 'rate.write'    | 'rate.write=50'
        'rate.list=-1'     || 'rate.list'     | 'rate.list=50'
        'rate.attempts=0'  || 'rate.attempts' | 'at least 1'
    }

    def "calls are paced to the rate: three calls at 20 a second take at least 100 ms from the limiter's start"() {
        given:
        long start = System.nanoTime()
        def limiter = RateLimiter.of('Store', [(Operation.WRITE): 20d], QUICK, 1)
        def times = []

        when:
        3.times { limiter.call(Operation.WRITE, 'k') { times << System.nanoTime() } }

        then: 'the bucket starts with one permit and earns one each 50 ms, however busy the machine: a pause only adds time'
        (times[2] - start) >= Duration.ofMillis(100).toNanos()
    }

    def "an interrupted wait ends the call with UNAVAILABLE, not retryable, and keeps the interrupt"() {
        given:
        // A backoff so long that only the interrupt can end the wait, however slow the machine.
        def limiter = RateLimiter.of('Store', [:], new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(10)), 3)
        ProviderException failure
        boolean stillInterrupted
        def worker = Thread.start {
            try {
                limiter.call(Operation.WRITE, 'k') { throw throttled() }
            } catch (ProviderException e) {
                failure = e
                stillInterrupted = Thread.currentThread().isInterrupted()
            }
        }

        when: 'the worker waits out its backoff'
        while (worker.state != Thread.State.TIMED_WAITING) {
            Thread.sleep(5)
        }
        worker.interrupt()
        worker.join()

        then:
        failure.kind() == ProviderException.Kind.UNAVAILABLE
        !failure.retryable()
        failure.message.contains('interrupted')
        stillInterrupted
    }
}
