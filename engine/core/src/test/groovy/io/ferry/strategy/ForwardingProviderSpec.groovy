package io.ferry.strategy

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.JournalKey
import io.ferry.state.RetryQueue
import io.ferry.state.StateStore
import io.ferry.support.EngineFixture
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Every strategy answers for the primary store as that store would alone: its rules, so that a plan
 * against the wrapper finds what the store refuses, and its soft delete, so that a runbook's
 * onSoftDeleted choice works through the wrapper.
 */
class ForwardingProviderSpec extends Specification {

    @TempDir
    Path dir

    List<AutoCloseable> toClose = []

    def cleanup() {
        toClose.reverse().each { it.close() }
    }

    SecretProvider open(String uri) {
        def p = ProviderRegistry.load().open(uri, EngineFixture.context(dir))
        toClose << p
        p
    }

    SecretProvider wrap(String strategy, SecretProvider primary, SecretProvider other) {
        switch (strategy) {
            case 'dual-write':
                def state = StateStore.open(dir.resolve('state.db'), JournalKey.loadOrCreate(dir.resolve('journal.key')))
                toClose << state
                return new DualWriteProvider(primary, other, state.retryQueue('forwarding'))
            case 'shadow-read':
                return new ShadowReadProvider(primary, other, 1.0, { key, primaryFp, shadowFp -> })
            default:
                return new SplitReadProvider(primary, other, 0)
        }
    }

    def "#strategy reports the primary's rules and soft delete as its own"() {
        given: 'a primary that emulates Azure Key Vault and keeps deleted secrets recoverable'
        def primary = open("memory:fwd-${UUID.randomUUID()}?emulate=azure&softDelete=true")
        def other = open("memory:other-${UUID.randomUUID()}")
        primary.write(SecretRecord.ofText('gone', 'v'), WriteCondition.upsert(), WriteOptions.none())
        primary.delete('gone', null)
        def wrapper = wrap(strategy, primary, other)

        expect:
        !wrapper.violations(SecretRecord.ofText('bad/name', 'v')).isEmpty()
        wrapper.violations(SecretRecord.ofText('good-name', 'v')).isEmpty()
        wrapper.isSoftDeleted('gone')

        when:
        wrapper.recover('gone')

        then:
        primary.read('gone').isPresent()

        where:
        strategy << ['dual-write', 'shadow-read', 'split-read']
    }
}
