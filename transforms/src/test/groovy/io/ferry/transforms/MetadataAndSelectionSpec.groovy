package io.ferry.transforms

import io.ferry.secret.SecretRecord
import io.ferry.transform.TransformContext
import io.ferry.transform.TransformRegistry
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import spock.lang.Specification

class MetadataAndSelectionSpec extends Specification {

    def registry = TransformRegistry.load()
    def context = Mock(TransformContext)

    def "tags with #args turns #tags into #expected"() {
        given:
        def record = SecretRecord.builder('app/db').text(Corpus.CANARY).tags(tags).build()

        when:
        def out = registry.create('tags', args).apply(record, context)

        then:
        out*.tags() == [expected]
        out[0].value() == record.value()

        where:
        args                                              | tags                           || expected
        [set: [migrated: 'true']]                         | [env: 'prod']                  || [env: 'prod', migrated: 'true']
        [drop: ['tmp', 'absent']]                         | [env: 'prod', tmp: 'x']        || [env: 'prod']
        [drop: 'tmp']                                     | [:]                            || [:]
        [rename: [team: 'owner']]                         | [team: 'a', env: 'e']          || [owner: 'a', env: 'e']
        [rename: [a: 'b', b: 'a']]                        | [a: '1', b: '2']               || [a: '2', b: '1']
        [map: [env: [prd: 'prod', dev: 'development']]]   | [env: 'prd', other: 'prd']     || [env: 'prod', other: 'prd']
        [map: [env: [prd: 'prod']]]                       | [env: 'staging']               || [env: 'staging']
        [rename: [stage: 'env'], map: [env: [prd: 'prod']], set: [x: 'ключ'], drop: ['old']] | [stage: 'prd', old: '1'] || [env: 'prod', x: 'ключ']
    }

    def "a tag rename onto a tag the record already has is refused, naming the key"() {
        when:
        registry.create('tags', [rename: [team: 'owner']]).apply(
                SecretRecord.builder('app/db').text(Corpus.CANARY).tag('team', 'a').tag('owner', 'b').build(), context)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "tags: app/db already has a tag 'owner'; renaming 'team' would overwrite it"
    }

    def "content-type and expiry with #args turn #before into #after"() {
        given:
        def record = SecretRecord.builder('k').text('v').contentType('text/plain').expiresAt(before).build()

        when:
        def out = registry.create(name, args).apply(record, context)

        then:
        out[0].expiresAt() == after
        out[0].contentType() == type

        where:
        name           | args                                    | before                                 || after                                  | type
        'expiry'       | [set: '2030-01-01T00:00:00Z']           | null                                   || Instant.parse('2030-01-01T00:00:00Z') | 'text/plain'
        'expiry'       | [set: '2030-01-01T00:00:00Z']           | Instant.parse('2040-01-01T00:00:00Z')  || Instant.parse('2030-01-01T00:00:00Z') | 'text/plain'
        'expiry'       | [shift: 'P30D']                         | Instant.parse('2030-01-01T00:00:00Z')  || Instant.parse('2030-01-31T00:00:00Z') | 'text/plain'
        'expiry'       | [shift: '-PT12H']                       | Instant.parse('2030-01-01T00:00:00Z')  || Instant.parse('2029-12-31T12:00:00Z') | 'text/plain'
        'expiry'       | [shift: 'P30D']                         | null                                   || null                                   | 'text/plain'
        'content-type' | [set: 'application/json']               | null                                   || null                                   | 'application/json'
    }

    def "clamp-ttl clamps an expiry #expiry beyond the limit to now + max and flags it; nearer ones pass"() {
        given:
        def now = Instant.parse('2026-01-01T00:00:00Z')
        def transform = new ClampTtlTransform(Duration.ofDays(90), Clock.fixed(now, ZoneOffset.UTC))
        def record = SecretRecord.builder('app/db').text(Corpus.CANARY).expiresAt(expiry).build()

        when:
        def out = transform.apply(record, context)

        then:
        out*.expiresAt() == [expected]
        flags * context.flag("clamp-ttl: expiry of app/db was more than PT2160H away; clamped to 2026-04-01T00:00:00Z")

        where:
        expiry                                 || expected                               | flags
        Instant.parse('2030-01-01T00:00:00Z')  || Instant.parse('2026-04-01T00:00:00Z')  | 1
        Instant.parse('2026-04-01T00:00:00Z')  || Instant.parse('2026-04-01T00:00:00Z')  | 0
        Instant.parse('2026-02-01T00:00:00Z')  || Instant.parse('2026-02-01T00:00:00Z')  | 0
        Instant.parse('2020-01-01T00:00:00Z')  || Instant.parse('2020-01-01T00:00:00Z')  | 0
        null                                   || null                                   | 0
    }

    def "#name with #predicate on '#key' passes it on: #passes"() {
        given:
        def record = SecretRecord.builder(key).text(Corpus.CANARY).tag('env', 'dev').build()

        when:
        def out = registry.create(name, predicate + [reason: 'because']).apply(record, context)

        then:
        out == (passes ? [record] : [])
        skips * context.skip('because')
        flags * context.flag('because')

        where:
        name     | predicate                                      | key         || passes | skips | flags
        'filter' | [keyMatches: ~/^tmp\//]                        | 'tmp/x'     || false  | 1     | 0
        'filter' | [keyMatches: '^tmp/']                          | 'app/x'     || true   | 0     | 0
        'filter' | [tag: [env: 'dev']]                            | 'app/x'     || false  | 1     | 0
        'filter' | [tag: [env: 'prod']]                           | 'app/x'     || true   | 0     | 0
        'filter' | [hasTag: 'env']                                | 'app/x'     || false  | 1     | 0
        'filter' | [hasTag: 'owner']                              | 'app/x'     || true   | 0     | 0
        'filter' | [when: 'rec.value.size() > 5']                 | 'app/x'     || false  | 1     | 0
        'filter' | [when: 'rec.json?.password']                   | 'app/x'     || true   | 0     | 0
        'filter' | [keyMatches: 'app', hasTag: 'owner']           | 'app/x'     || true   | 0     | 0
        'flag'   | [keyMatches: 'ключ']                           | 'a/ключ'    || true   | 0     | 1
        'flag'   | [when: 'rec.tags.env == "dev"']                | 'app/x'     || true   | 0     | 1
        'flag'   | [when: 'rec.tags.env == "prod"']               | 'app/x'     || true   | 0     | 0
    }

    def "#name reports a failing when: with the key and the exception type only"() {
        when:
        registry.create(name, [when: 'Integer.parseInt(rec.value.text()) > 1', reason: 'r'])
                .apply(SecretRecord.ofText('app/db', Corpus.CANARY), context)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "$name: the expression failed on app/db with NumberFormatException; check the fields it reads"

        where:
        name << ['filter', 'flag']
    }

    def "bad metadata and selection arguments are reported with the transform and the fix: #name #args"() {
        when:
        registry.create(name, args)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        name           | args                                   || message
        'tags'         | [:]                                    || "transform 'tags' needs at least one of rename:, map:, set:, drop:"
        'tags'         | [rename: [a: 'x', b: 'x']]             || "transform 'tags' argument rename sends two tags to one name; give each its own"
        'tags'         | [map: [env: 'prod']]                   || "transform 'tags' argument map takes, per tag, a map of old value to new: map: [env: [old: 'new']]"
        'expiry'       | [:]                                    || "transform 'expiry' needs exactly one of set: (an instant) or shift: (a duration)"
        'expiry'       | [shift: '30 days']                     || "transform 'expiry' argument shift is not an ISO-8601 duration; write it like P30D or PT12H"
        'expiry'       | [set: 'tomorrow']                      || "transform 'expiry' argument set is not an ISO-8601 instant; write it like 2030-01-01T00:00:00Z"
        'clamp-ttl'    | [max: 'P0D']                           || "transform 'clamp-ttl' argument max must be a positive duration, like P90D"
        'content-type' | [:]                                    || "transform 'content-type' needs the argument set"
        'filter'       | [keyMatches: 'x']                      || "transform 'filter' needs the argument reason"
        'flag'         | [reason: 'r']                          || "transform 'flag' needs a predicate: keyMatches:, tag:, hasTag: or when:"
        'flag'         | [when: 'rec.(', reason: 'r']           || "transform 'flag' argument when is not a valid Groovy expression: Script1.groovy: 1: Unexpected input: '.' @ line 1, column 4."
    }

    def "#name with #args declares itself #reversible"() {
        expect:
        registry.create(name, args).reversible() == reversible

        where:
        name           | args                              || reversible
        'tags'         | [rename: [a: 'b']]                || true
        'tags'         | [rename: [a: 'b'], set: [c: 'd']] || false
        'tags'         | [drop: ['a']]                     || false
        'expiry'       | [shift: 'P1D']                    || true
        'expiry'       | [set: '2030-01-01T00:00:00Z']     || false
        'content-type' | [set: 'text/plain']               || false
        'clamp-ttl'    | [max: 'P1D']                      || false
        'filter'       | [hasTag: 'a', reason: 'r']        || false
        'flag'         | [hasTag: 'a', reason: 'r']        || false
    }
}
