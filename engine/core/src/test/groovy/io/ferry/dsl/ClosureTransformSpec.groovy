package io.ferry.dsl

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.transform.Transform

import java.util.concurrent.Callable
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

class ClosureTransformSpec extends RunbookSpecification {

    static final SecretRecord DB = SecretRecord.builder('app/db')
            .value(SecretValue.ofText('{"user":"app","pass":"s3cret"}'))
            .contentType(SecretRecord.JSON)
            .tag('env', 'prod')
            .build()

    Transform transform(String closure) {
        List<Transform> transforms = compileOptions("transform $closure").transforms()
        assert transforms.size() == 1
        transforms[0]
    }

    def "a closure transform is named closure@file:line"() {
        expect:
        transform('{ rec -> }').name() == "closure@$FILE:2"
    }

    def "a closure transform edits the key, tags and JSON fields of the record"() {
        given:
        Transform t = transform('''{ rec ->
            rec.key = rec.key.replace('app/', 'svc/')
            rec.tags.migratedFrom = 'old'
            rec.tags.remove('env')
            rec.json.password = rec.json.remove('pass')
        }''')
        RecordingTransformContext context = new RecordingTransformContext('app/db')

        when:
        List<SecretRecord> out = t.apply(DB, context)

        then:
        out.size() == 1
        out[0].key() == 'svc/db'
        out[0].tags() == [migratedFrom: 'old']
        out[0].json == [user: 'app', password: 's3cret']
        context.flags.isEmpty()
        context.skips.isEmpty()
    }

    def "flag and log inside a transform go to the planner's context, and the record is kept"() {
        given:
        Transform t = transform('''{ rec ->
            if (!rec.json?.password) flag 'no password field'
            log "checked ${sourceKey()}"
        }''')
        RecordingTransformContext context = new RecordingTransformContext('app/db')

        when:
        List<SecretRecord> out = t.apply(DB, context)

        then:
        out == [DB]
        context.flags == ['no password field']
        context.logs == ['checked app/db']
    }

    def "skip inside a transform drops the record with its reason"() {
        given:
        Transform t = transform("{ rec -> if (rec.tags.env == 'prod') skip 'production stays' }")
        RecordingTransformContext context = new RecordingTransformContext('app/db')

        expect:
        t.apply(DB, context).isEmpty()
        context.skips == ['production stays']
        t.apply(SecretRecord.ofText('app/dev', 'x'), new RecordingTransformContext('app/dev')) == [SecretRecord.ofText('app/dev', 'x')]
    }

    def "a transform that returns #returned passes those on"() {
        given:
        Transform t = transform(closure)

        expect:
        t.apply(DB, new RecordingTransformContext('app/db'))*.key() == keys

        where:
        returned                        | closure                                                                                                    || keys
        'the draft'                     | "{ rec -> rec.key = 'a'; rec }"                                                                            || ['a']
        'a record'                      | "{ rec -> SecretRecord.ofText('other', 'v') }"                                                            || ['other']
        'a list of drafts and records'  | "{ rec -> [rec, new RecordDraft(rec.original).tap { key = 'app/db-user' }, SecretRecord.ofText('c', 'v')] }" || ['app/db', 'app/db-user', 'c']
        'a list of plain values'        | "{ rec -> rec.tags.owners = ['a', 'b'].join(','); ['a', 'b'] }"                                            || ['app/db']
        'the value of an assignment'    | "{ rec -> rec.tags.migratedFrom = 'old' }"                                                                 || ['app/db']
    }

    def "a transform fanning out into one record per JSON field"() {
        given:
        Transform t = transform('''{ rec ->
            rec.json.collect { field, value ->
                SecretRecord.builder("${rec.key}/${field}").text(value as String).build()
            }
        }''')

        when:
        List<SecretRecord> out = t.apply(DB, new RecordingTransformContext('app/db'))

        then:
        out*.key() == ['app/db/user', 'app/db/pass']
        out*.value()*.text() == ['app', 's3cret']
    }

    def "a list mixing records with other values is refused, naming the transform and not the values"() {
        given:
        Transform t = transform("{ rec -> [rec, 's3cret'] }")

        when:
        t.apply(DB, new RecordingTransformContext('app/db'))

        then:
        IllegalStateException e = thrown()
        e.message == "closure@$FILE:2 returned a list mixing records with String; return records or drafts only"
    }

    def "an exception thrown by the closure reaches the planner as it was thrown"() {
        given:
        Transform t = transform("{ rec -> throw new IllegalArgumentException('bad value ' + rec.json.pass) }")

        when:
        t.apply(DB, new RecordingTransformContext('app/db'))

        then:
        thrown(IllegalArgumentException)
    }

    def "rec stays the closure's parameter even where the context has a name the closure also uses"() {
        given:
        Transform t = transform("{ sourceKey -> sourceKey.key = 'renamed' }")

        expect:
        t.apply(DB, new RecordingTransformContext('app/db'))*.key() == ['renamed']
    }

    def "one transform called from many threads keeps each call's context to itself"() {
        given:
        Transform t = transform('''{ rec ->
            rec.tags.seenAs = sourceKey()
            Thread.yield()
            flag "flagged ${sourceKey()}"
        }''')
        ExecutorService pool = Executors.newFixedThreadPool(8)
        List<RecordingTransformContext> contexts = (1..2000).collect { new RecordingTransformContext("k$it") }

        when:
        List<List<SecretRecord>> results = pool.invokeAll(contexts.collect { c ->
            { -> t.apply(SecretRecord.ofText(c.sourceKey(), 'v'), c) } as Callable<List<SecretRecord>>
        })*.get()

        then:
        contexts.every { c -> c.flags == ["flagged ${c.sourceKey()}".toString()] }
        results.withIndex().every { List<SecretRecord> out, int i -> out*.tags().seenAs == ["k${i + 1}".toString()] }

        cleanup:
        pool.shutdownNow()
    }
}
