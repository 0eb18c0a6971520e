package io.ferry.state

import io.ferry.support.TestState
import spock.lang.Specification
import spock.lang.TempDir
import spock.util.time.MutableClock

import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * Leases on one state store taken by several processes, each with a store of its own (its own
 * connections) and an identity of its own: the database decides who holds a lease.
 */
class LeaseSpec extends Specification {

    @TempDir
    Path dir

    final List<StateStore> stores = []
    final List<Lease> held = []
    final MutableClock clock = new MutableClock(Instant.parse('2026-12-03T10:00:00Z'))

    def cleanup() {
        held.each { it.close() }
        stores.each { it.close() }
    }

    /** @return the store's leases as a process on the host, opened through a store of its own */
    private Leases process(String host, Duration duration = Duration.ofMinutes(1), long pid = 4000 + stores.size()) {
        def store = StateStore.open(TestState.location(dir), JournalKey.loadOrCreate(dir.resolve('keys/journal.key')))
        stores << store
        store.leases(new ProcessIdentity(pid, host, UUID.randomUUID().toString()), duration, clock)
    }

    private Lease keep(Optional<Lease> lease) {
        lease.ifPresent { held << it }
        lease.orElse(null)
    }

    def "a lease no one holds is taken, another process is refused while it is held, and may take it once it is given up"() {
        given:
        def a = process('host-a')
        def b = process('host-b')

        when:
        def lease = keep(a.tryTake('run:r1', {}))

        then:
        lease != null
        b.tryTake('run:r1', {}).isEmpty()
        with(b.holder('run:r1').get()) {
            pid() == a.self().pid()
            host() == 'host-a'
            token() == a.self().token()
            expiresAt() == clock.instant().plus(Duration.ofMinutes(1))
        }

        when:
        lease.close()

        then:
        b.holder('run:r1').isEmpty()
        keep(b.tryTake('run:r1', {})) != null
        b.holder('run:r1').get().host() == 'host-b'
    }

    def "a lease whose holder stopped renewing is taken over once it has run out, and not before"() {
        given: 'host A took the lease, and its clock stands still, so it renews to the same expiry'
        def a = process('host-a')
        def b = process('host-b')
        keep(a.tryTake('migrate', {}))
        def expiry = a.holder('migrate').get().expiresAt()

        when:
        clock.instant = expiry.minusMillis(1)

        then:
        b.tryTake('migrate', {}).isEmpty()

        when:
        clock.instant = expiry

        then:
        keep(b.tryTake('migrate', {})) != null
        b.holder('migrate').get().host() == 'host-b'
    }

    def "the heartbeat renews a held lease every third of its duration"() {
        given: 'a lease of 300 ms'
        def a = process('host-a', Duration.ofMillis(300))
        keep(a.tryTake('run:r2', {}))

        when: 'an hour passes by the clock'
        clock.instant = clock.instant().plus(Duration.ofHours(1))

        then: 'a renewal moves the expiry an hour on'
        waitUntil { a.holder('run:r2').get().expiresAt() == clock.instant().plusMillis(300) }
    }

    def "a holder whose lease is taken over hears it, and giving it up then leaves the new holder's lease alone"() {
        given:
        def a = process('host-a', Duration.ofMillis(300))
        def b = process('host-b')
        def lost = new CountDownLatch(1)
        def lease = keep(a.tryTake('run:r3', { lost.countDown() }))

        when: 'host B takes it over although it has not run out, as --force does'
        def seen = b.holder('run:r3').get()
        def taken = keep(b.takeOver('run:r3', seen, {}))

        then: 'the next renewal of A finds it gone'
        taken != null
        lost.await(5, TimeUnit.MINUTES)
        lease.lost()

        when:
        lease.close()

        then:
        b.holder('run:r3').get().host() == 'host-b'
    }

    def "a take-over fails when the lease changed hands since its holder was seen"() {
        given:
        def a = process('host-a')
        def b = process('host-b')
        def c = process('host-c')
        def first = keep(a.tryTake('run:r4', {}))
        def seen = c.holder('run:r4').get()
        first.close()
        keep(b.tryTake('run:r4', {}))

        expect:
        c.takeOver('run:r4', seen, {}).isEmpty()
        !c.breakLease('run:r4', seen)
        c.holder('run:r4').get().host() == 'host-b'
    }

    def "of many processes taking one lease at once, exactly one gets it"() {
        given:
        def processes = (1..6).collect { process("host-$it") }
        def pool = Executors.newFixedThreadPool(processes.size())
        def start = new CountDownLatch(1)

        when:
        def futures = processes.collect { p -> pool.submit({ start.await(); p.tryTake('run:r5', {}) } as java.util.concurrent.Callable) }
        start.countDown()
        def results = futures.collect { it.get(5, TimeUnit.MINUTES) }
        results.each { keep(it) }

        then:
        results.count { it.isPresent() } == 1
        processes[0].holder('run:r5').get().token() == processes[results.findIndexOf { it.isPresent() }].self().token()

        cleanup:
        pool.shutdownNow()
    }

    def "a holder #which is #verdict"() {
        given:
        def self = new ProcessIdentity(ProcessHandle.current().pid(), 'here', 'mine')
        def ended = new ProcessBuilder('true').start()
        ended.waitFor(5, TimeUnit.MINUTES)
        def holder = new LeaseHolder(pid(self, ended), host, token, Instant.EPOCH, Instant.EPOCH)

        expect:
        self.outlives(holder) == gone
        self.is(holder) == mine

        where:
        which                                          | host    | token   | pid                          || gone  | mine
        'of this host whose process ended'             | 'here'  | 'other' | { s, e -> e.pid() }          || true  | false
        'of this host with this pid and another token' | 'here'  | 'other' | { s, e -> s.pid() }          || true  | false
        'that is this very process'                    | 'here'  | 'mine'  | { s, e -> s.pid() }          || false | true
        'on another host whose process ended here'     | 'there' | 'other' | { s, e -> e.pid() }          || false | false

        verdict = gone ? 'known to be gone' : 'not known to be gone'
    }

    def "FERRY_HOST_ID names the host in leases, else the host name does"() {
        expect:
        ProcessIdentity.current([FERRY_HOST_ID: ' ci-runner-7 ']).host() == 'ci-runner-7'
        ProcessIdentity.current([:]).host() == InetAddress.localHost.hostName
        ProcessIdentity.current([:]).pid() == ProcessHandle.current().pid()
        ProcessIdentity.current([:]).token() == ProcessIdentity.current([FERRY_HOST_ID: 'x']).token()
    }

    private static void waitUntil(Closure<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
        while (!condition()) {
            assert System.nanoTime() < deadline: 'not within 5 minutes'
            Thread.sleep(10)
        }
    }
}
