package io.ferry.engine

import io.ferry.runbook.Discovery
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.Action
import io.ferry.state.RunStatus
import io.ferry.support.EngineFixture
import io.ferry.transform.Transform
import io.ferry.transform.TransformContext
import io.ferry.transform.TransformRegistry
import io.ferry.transform.shape.CollapseTransform
import io.ferry.transform.shape.ExplodeTransform
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class ShapeTransformsSpec extends Specification {

    @TempDir
    Path dir

    EngineFixture engine

    def setup() {
        engine = new EngineFixture(dir)
    }

    def cleanup() {
        engine.close()
    }

    private static String store(String name) {
        "memory:${name}-${UUID.randomUUID()}"
    }

    /** A run of the transforms, reading one record per batch so that groups span batches. */
    private run(String from, String to, Transform... transforms) {
        def builder = Runbook.builder().name('shape').source(from).target(to)
                .discovery(new Discovery([], [], [], [], 10, 1))
        transforms.each { builder.transform(it) }
        engine.ferry.run(builder.build())
    }

    private Map<String, SecretRecord> records(String uri) {
        def p = engine.open(uri)
        p.stream('', 100).map { it.key() }.toList().collectEntries { [it, p.read(it).get()] }
    }

    private void seedJson(String uri, Map<String, Map<String, Object>> objects) {
        def p = engine.open(uri)
        objects.each { key, fields ->
            p.write(SecretRecord.builder(key).value(SecretRecord.jsonValue(fields)).contentType(SecretRecord.JSON).build(),
                    WriteCondition.upsert(), WriteOptions.none())
        }
    }

    def "explode then collapse, in two runs, gives back each record with the same key and fields"() {
        given:
        def (src, mid, dst) = [store('src'), store('mid'), store('dst')]
        seedJson(src, [db: [user: 'app', password: 'pw-canary-1', host: 'db.internal'], 'svc/api': [token: 'tk-canary-2']])
        def explode = new ExplodeTransform(ExplodeTransform.DEFAULT_PATTERN)

        when: 'the records are exploded into one per field'
        def first = run(src, mid, explode)

        then:
        first.status() == RunStatus.SUCCEEDED
        records(mid).keySet() == ['db/host', 'db/password', 'db/user', 'svc/api/token'] as Set
        records(mid)['db/password'].value().text() == 'pw-canary-1'
        records(mid)['db/password'].contentType() == SecretRecord.TEXT

        when: 'they are collapsed back by the inverse'
        explode.reversible()
        def second = run(mid, dst, explode.inverse())

        then:
        second.status() == RunStatus.SUCCEEDED
        def back = records(dst)
        back.keySet() == ['db', 'svc/api'] as Set
        back.db.json == [user: 'app', password: 'pw-canary-1', host: 'db.internal']
        back.db.contentType() == SecretRecord.JSON
        back['svc/api'].json == [token: 'tk-canary-2']
    }

    def "collapse then explode gives back the original records"() {
        given:
        def (src, mid, dst) = [store('src'), store('mid'), store('dst')]
        def originals = ['a/x': 'one', 'a/y': 'two', 'b/z': 'three', 'c/d/e': 'four']
        EngineFixture.seed(engine.open(src), originals)
        def collapse = CollapseTransform.onDepth(1, '/', 100)

        when:
        run(src, mid, collapse)

        then: 'c/d/e groups under c, with d/e as its field'
        records(mid).collectEntries { k, v -> [k, v.json] } == [a: [x: 'one', y: 'two'], b: [z: 'three'], c: ['d/e': 'four']]

        when:
        collapse.reversible()
        def result = run(mid, dst, collapse.inverse())

        then:
        result.status() == RunStatus.SUCCEEDED
        records(dst).collectEntries { k, v -> [k, v.value().text()] } == originals
        records(dst).values()*.contentType().every { it == SecretRecord.TEXT }
    }

    def "groups that arrive interleaved are held until the last record and then written whole"() {
        given: 'group 1 is the service, so in key order the groups alternate: api, db, api, db'
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open(src), ['dev/api': 'd-api', 'dev/db': 'd-db', 'prod/api': 'p-api', 'prod/db': 'p-db'])
        def collapse = TransformRegistry.load().create('collapse', [prefix: ~/^[^\/]+\/([^\/]+)$/])

        when:
        def result = run(src, dst, collapse)

        then:
        result.status() == RunStatus.SUCCEEDED
        result.plan().count(Action.CREATE) == 2
        records(dst).collectEntries { k, v -> [k, v.json] } == [api: [dev: 'd-api', prod: 'p-api'], db: [dev: 'd-db', prod: 'p-db']]

        and: 'the members are journaled as passed on to their group, not lost'
        engine.ferry.items(result.runId(), null, 0, 10).findAll { it.action() == Action.SKIP }*.sourceKey() as Set ==
                ['dev/api', 'dev/db', 'prod/api', 'prod/db'] as Set
    }

    def "a collapse holding more than its maximum fails the record beyond it, naming the fix and no value"() {
        given:
        def (src, dst) = [store('src'), store('dst')]
        EngineFixture.seed(engine.open(src), ['dev/api': 'd-api', 'dev/db': 'd-db', 'prod/api': 'p-api-canary'])
        def collapse = CollapseTransform.onPrefix(~/^[^\/]+\/([^\/]+)$/, '/', 2)

        when:
        def result = engine.ferry.run(Runbook.builder().name('shape').source(src).target(dst).transform(collapse)
                .execution(new Execution(1, 0, OnError.STOP, 10, 0)).build())

        then:
        def invalid = engine.ferry.items(result.runId(), null, 0, 10).find { it.action() == Action.INVALID }
        invalid.sourceKey() == 'prod/api'
        invalid.reason().contains('raise maxBuffered')
        !invalid.reason().contains('canary')
        engine.open(dst).stream('', 10).count() == 0
    }

    def "in key order a group is passed on as soon as a key can no longer join it"() {
        given:
        def collapse = CollapseTransform.onDepth(1, '/', 100)
        def context = Stub(TransformContext)

        expect:
        collapse.apply(SecretRecord.ofText('a/x', '1'), context).isEmpty()
        collapse.completed(context).isEmpty()
        collapse.apply(SecretRecord.ofText('a/y', '2'), context).isEmpty()
        collapse.apply(SecretRecord.ofText('b/z', '3'), context).isEmpty()
        collapse.completed(context)*.key() == ['a']
        collapse.completed(context).isEmpty()
        collapse.finish(context)*.key() == ['b']
        collapse.finish(context).isEmpty()
    }

    def "a group passed on before the end is planned with itself as its source, and its members' flags stay on the members"() {
        given: 'groups a, b and c, planned one record per batch'
        def (src, dst) = [store('src'), store('dst')]
        def p = engine.open(src)
        ['a/x': '1', 'a/y': '2', 'b/z': '3', 'c/w': '4'].each { k, v -> p.write(SecretRecord.ofText(k, v), WriteCondition.upsert(), WriteOptions.none()) }
        def flagB = new Transform() {
            String name() { 'flag-b' }

            List<SecretRecord> apply(SecretRecord r, TransformContext c) {
                if (r.key() == 'b/z') {
                    c.flag('b/z needs review')
                }
                [r]
            }
        }

        when:
        def result = run(src, dst, flagB, CollapseTransform.onDepth(1, '/', 100))
        def items = engine.ferry.items(result.runId(), null, 0, 20)

        then: 'each group is written from itself, whichever record showed it complete'
        items.findAll { it.action() == Action.CREATE }.collectEntries { [it.targetKey(), it.sourceKey()] } == [a: 'a', b: 'b', c: 'c']
        records(dst).keySet() == ['a', 'b', 'c'] as Set

        and: 'the flag names the record it was raised on, not the group that record completed'
        items.find { it.action() == Action.CREATE && it.targetKey() == 'a' }.flags().isEmpty()
        items.find { it.sourceKey() == 'b/z' }.flags() == ['b/z needs review']
    }

    def "out of key order, groups are held until finish"() {
        given:
        def collapse = CollapseTransform.onDepth(1, '/', 100)
        def context = Stub(TransformContext)

        expect:
        collapse.apply(SecretRecord.ofText('b/z', '3'), context).isEmpty()
        collapse.apply(SecretRecord.ofText('a/x', '1'), context).isEmpty()
        collapse.apply(SecretRecord.ofText('c/x', '4'), context).isEmpty()
        collapse.apply(SecretRecord.ofText('a/y', '2'), context).isEmpty()
        collapse.finish(context).collectEntries { [it.key(), it.json] } == [b: [z: '3'], a: [x: '1', y: '2'], c: [x: '4']]
    }

    def "explode writes strings as they are and other JSON values as their JSON text"() {
        given:
        def record = SecretRecord.builder('cfg').value(SecretRecord.jsonValue([s: 'text', n: 5432, b: true, o: [k: 'v'], l: [1, 2]]))
                .contentType(SecretRecord.JSON).tag('env', 'prod').build()

        when:
        def out = new ExplodeTransform('${field}@${key}').apply(record, Stub(TransformContext))

        then:
        out.collectEntries { [it.key(), it.value().text()] } == ['s@cfg': 'text', 'n@cfg': '5432', 'b@cfg': 'true',
                                                                 'o@cfg': '{"k":"v"}', 'l@cfg': '[1,2]']
        out.every { it.tags() == [env: 'prod'] && it.contentType() == SecretRecord.TEXT }
    }

    def "explode refuses a value that is not a JSON object, naming the key and not the value"() {
        when:
        new ExplodeTransform(ExplodeTransform.DEFAULT_PATTERN).apply(SecretRecord.ofText('plain', 'not-json-canary'), Stub(TransformContext))

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains('plain')
        !e.message.contains('canary')
    }

    def "reversible is declared only where the inverse holds: #description"() {
        expect:
        transform.reversible() == reversible

        where:
        description                        | transform                                                                || reversible
        'explode ${key}/${field}'          | new ExplodeTransform('${key}/${field}')                                  || true
        'explode ${key}--${field}'         | new ExplodeTransform('${key}--${field}')                                 || true
        'explode ${field}@${key}'          | new ExplodeTransform('${field}@${key}')                                  || false
        'explode ${key}${field}'           | new ExplodeTransform('${key}${field}')                                   || false
        'collapse by depth'                | CollapseTransform.onDepth(2, '/', 10)                                    || true
        'collapse on a leading group'      | CollapseTransform.onPrefix(~/^(.*)\/[^\/]+$/, '/', 10)                   || true
        'collapse on a group inside a key' | CollapseTransform.onPrefix(~/^[^\/]+\/([^\/]+)$/, '/', 10)               || false
    }

    def "wrong arguments are refused with the fix: #arguments"() {
        when:
        TransformRegistry.load().create(name, arguments)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(fix)

        where:
        name       | arguments                          || fix
        'explode'  | [pattern: '${key}']                || "pattern: '\${key}/\${field}'"
        'explode'  | [patern: 'x']                      || 'it takes pattern'
        'collapse' | [:]                                || 'not neither'
        'collapse' | [prefix: 'a(b)', depth: 1]         || 'not both'
        'collapse' | [prefix: 'ab']                     || 'has no group'
        'collapse' | [depth: 0]                         || 'at least 1'
        'collapse' | [depth: 1, maxBuffered: 'lots']    || 'maxBuffered must be a whole number'
    }
}
