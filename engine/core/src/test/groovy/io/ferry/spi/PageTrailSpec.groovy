package io.ferry.spi

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretSummary
import spock.lang.Specification

class PageTrailSpec extends Specification {

    def "a listing ends on a token that is #what"() {
        given:
        def trail = new PageTrail('Test Store', 'the listing')
        trail.next('page-2')

        expect:
        trail.next(token) == null

        where:
        what                  | token
        'missing'             | null
        'empty'               | ''
        'one already followed' | 'page-2'
    }

    def "a listing that keeps answering new tokens is stopped at the bound with a message naming the store and the fix"() {
        given:
        def trail = new PageTrail('Test Store', "the versions of 'db'", 3)
        (1..3).each { assert trail.next("t$it") == "t$it" }

        when:
        trail.next('t4')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.UNAVAILABLE
        !e.retryable()
        e.message == "Test Store was still paging through the versions of 'db' after 3 pages; it keeps answering new " +
                'page tokens, so the listing was stopped: narrow it with a prefix, or check the store'
    }

    def "a page's empty token means no next page"() {
        expect:
        new Page<>([], '').nextToken() == null
        new Page<>([], 'more').nextToken() == 'more'
    }

    def "stream() ends where the store hands back the token it was asked with, listing each entry once"() {
        given: 'a store whose last page answers the token that asked for it'
        def store = new PagedStore([(null): new Page<>([summary('a'), summary('b')], 't1'),
                                    t1    : new Page<>([summary('c')], 't1')])

        expect:
        store.stream('', 2).toList()*.key() == ['a', 'b', 'c']
        store.asked == [null, 't1']
    }

    private static SecretSummary summary(String key) {
        SecretSummary.of(SecretRecord.ofText(key, 'v'))
    }

    /** A store that only lists, page by page as given. */
    static class PagedStore implements SecretProvider {
        final Map<String, Page<SecretSummary>> pages
        final List<String> asked = []

        PagedStore(Map<String, Page<SecretSummary>> pages) {
            this.pages = pages
        }

        ProviderSpec spec() { ProviderSpec.parse('memory:paged') }

        Constraints constraints() { Constraints.lenient('paged') }

        Page<SecretSummary> list(String prefix, String pageToken, int pageSize) {
            asked << pageToken
            pages[pageToken]
        }

        Optional<SecretRecord> read(String key) { throw new UnsupportedOperationException() }

        WriteResult write(SecretRecord record, WriteCondition condition, WriteOptions options) { throw new UnsupportedOperationException() }

        boolean delete(String key, String ifVersion) { throw new UnsupportedOperationException() }

        HealthReport health(boolean writeProbe) { throw new UnsupportedOperationException() }

        void close() {}
    }
}
