package io.ferry.testkit.server.kubernetes

import com.fasterxml.jackson.databind.ObjectMapper
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * The Kubernetes API server at the wire, as a client that speaks HTTP and JSON sees it: the answers
 * and Status refusals of the real API server for Secrets.
 */
class KubernetesApiServerSpec extends Specification {

    static final ObjectMapper JSON = new ObjectMapper()

    @AutoCleanup
    KubernetesApiServer server = new KubernetesApiServer().start(0) as KubernetesApiServer
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()

    Map send(String method, String path, Object body = null, String contentType = 'application/json',
             String token = KubernetesApiServer.TOKEN) {
        def request = HttpRequest.newBuilder(server.endpoint().resolve(path))
                .timeout(Duration.ofMinutes(2))
                .header('Content-Type', contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String ? body : JSON.writeValueAsString(body)))
        if (token != null) {
            request.header('Authorization', "Bearer $token")
        }
        def response = client.send(request.build(), HttpResponse.BodyHandlers.ofString())
        [status: response.statusCode(), body: response.body(),
         json: response.body().startsWith('{') ? JSON.readValue(response.body(), Map) : null]
    }

    static Map secret(String name, Map<String, String> data = [password: 'pw'], Map<String, String> labels = [:]) {
        [apiVersion: 'v1', kind: 'Secret', metadata: [name: name, labels: labels],
         data: data.collectEntries { k, v -> [k, v.bytes.encodeBase64().toString()] }, type: 'Opaque']
    }

    Map create(String ns, Map body) {
        def answer = send('POST', "/api/v1/namespaces/$ns/secrets", body)
        assert answer.status == 201
        answer.json
    }

    List<Map> events(String text) {
        text.readLines().findAll { it }.collect { JSON.readValue(it, Map) }
    }

    def "a request without the bearer token is refused with 401 Unauthorized, as a Status"() {
        when:
        def answer = send('GET', '/api/v1/namespaces/default/secrets', null, 'application/json', token)

        then:
        answer.status == 401
        answer.json.kind == 'Status'
        answer.json.reason == 'Unauthorized'

        where:
        token << [null, 'wrong-token']
    }

    def "a created Secret reads back with its data, a uid, a creation time and a resourceVersion"() {
        when:
        def created = create('payments', secret('db', [password: 'pw', username: 'app'], [team: 'payments']))
        def read = send('GET', '/api/v1/namespaces/payments/secrets/db')

        then:
        read.status == 200
        read.json == created
        created.metadata.namespace == 'payments'
        created.metadata.uid
        created.metadata.creationTimestamp
        created.metadata.resourceVersion ==~ /\d+/
        created.metadata.managedFields[0].manager
        created.data.keySet().toList() == ['password', 'username']
        new String(created.data.password.decodeBase64()) == 'pw'
    }

    def "stringData is folded into data"() {
        when:
        def created = create('default', [metadata: [name: 'plain'], stringData: [token: 'abc']])

        then:
        created.data == [token: 'abc'.bytes.encodeBase64().toString()]
        !created.containsKey('stringData')
    }

    def "creating an existing Secret is refused with 409 AlreadyExists, and a missing one reads as 404 NotFound"() {
        given:
        create('default', secret('twice'))

        expect:
        with(send('POST', '/api/v1/namespaces/default/secrets', secret('twice'))) {
            status == 409
            json.reason == 'AlreadyExists'
            json.details == [name: 'twice', kind: 'secrets']
        }
        with(send('GET', '/api/v1/namespaces/default/secrets/missing')) {
            status == 404
            json.reason == 'NotFound'
            json.message == 'secrets "missing" not found'
        }
    }

    def "an update at a stale resourceVersion is refused with 409 Conflict; at the current one it makes a new version"() {
        given:
        def created = create('default', secret('versioned'))
        def current = send('PUT', '/api/v1/namespaces/default/secrets/versioned',
                secret('versioned', [password: 'two']) + [metadata: [name: 'versioned', resourceVersion: created.metadata.resourceVersion]]).json

        when:
        def stale = send('PUT', '/api/v1/namespaces/default/secrets/versioned',
                secret('versioned', [password: 'three']) + [metadata: [name: 'versioned', resourceVersion: created.metadata.resourceVersion]])

        then:
        Long.parseLong(current.metadata.resourceVersion) > Long.parseLong(created.metadata.resourceVersion)
        current.metadata.uid == created.metadata.uid
        stale.status == 409
        stale.json.reason == 'Conflict'
        new String(send('GET', '/api/v1/namespaces/default/secrets/versioned').json.data.password.decodeBase64()) == 'two'
    }

    def "an update without a resourceVersion is unconditional, and one that changes nothing keeps the version"() {
        given:
        def created = create('default', secret('loose'))

        when:
        def same = send('PUT', '/api/v1/namespaces/default/secrets/loose', secret('loose')).json
        def changed = send('PUT', '/api/v1/namespaces/default/secrets/loose', secret('loose', [password: 'new'])).json

        then:
        same.metadata.resourceVersion == created.metadata.resourceVersion
        changed.metadata.resourceVersion != created.metadata.resourceVersion
    }

    def "a #type patch changes the Secret, and one carrying a stale resourceVersion is refused with 409"() {
        given:
        def created = create('default', secret('patched', [password: 'pw'], [team: 'a']))
        create('default', secret('stale'))
        send('PUT', '/api/v1/namespaces/default/secrets/stale', secret('stale', [password: 'moved']))

        when:
        def answer = send('PATCH', '/api/v1/namespaces/default/secrets/patched', patch, type)
        def refused = send('PATCH', '/api/v1/namespaces/default/secrets/stale',
                type == 'application/json-patch+json'
                        ? [[op: 'replace', path: '/metadata/resourceVersion', value: '1']]
                        : [metadata: [resourceVersion: '1']], type)

        then:
        answer.status == 200
        answer.json.metadata.labels == [team: 'b']
        new String(answer.json.data.extra.decodeBase64()) == 'x'
        answer.json.metadata.resourceVersion != created.metadata.resourceVersion
        refused.status == 409

        where:
        type                                      | patch
        'application/merge-patch+json'            | [metadata: [labels: [team: 'b']], data: [extra: 'eA==']]
        'application/strategic-merge-patch+json'  | [metadata: [labels: [team: 'b']], data: [extra: 'eA==']]
        'application/json-patch+json'             | [[op: 'replace', path: '/metadata/labels/team', value: 'b'],
                                                     [op: 'add', path: '/data/extra', value: 'eA==']]
    }

    def "a Secret the API server would refuse is answered 422 Invalid, naming the field: #what"() {
        when:
        def answer = send('POST', '/api/v1/namespaces/default/secrets', body)

        then:
        answer.status == 422
        answer.json.reason == 'Invalid'
        answer.json.message.contains(field)
        !answer.body.contains('c2VjcmV0LXZhbHVl')

        where:
        what                     | body                                                                  | field
        'a name with capitals'   | secret('Bad_Name', [k: 'secret-value'])                               | 'metadata.name'
        'a bad data key'         | secret('ok', ['bad key': 'secret-value'])                             | 'data[bad key]'
        'a bad label value'      | secret('ok', [k: 'secret-value'], [team: 'has space'])                | 'metadata.labels'
        'too much data'          | secret('ok', [k: 'x' * (1024 * 1024 + 1)])                            | 'data: Too long'
        'a TLS Secret with no key' | [metadata: [name: 'tls'], type: 'kubernetes.io/tls', data: [x: 'eA==']] | 'data[tls.crt]'
    }

    def "an immutable Secret's data cannot change, and a Secret's type never can"() {
        given:
        create('default', secret('fixed') + [immutable: true])
        create('default', secret('typed'))

        expect:
        with(send('PUT', '/api/v1/namespaces/default/secrets/fixed', secret('fixed', [password: 'other']) + [immutable: true])) {
            status == 422
            json.message.contains('field is immutable when `immutable` is set')
        }
        with(send('PUT', '/api/v1/namespaces/default/secrets/typed', secret('typed') + [type: 'kubernetes.io/basic-auth',
                data: [username: 'eA==']])) {
            status == 422
            json.message.contains('type: Invalid value')
        }
    }

    def "a delete with a stale precondition is refused with 409; a delete answers a Success Status; a second, 404"() {
        given:
        def created = create('default', secret('gone'))

        expect:
        send('DELETE', '/api/v1/namespaces/default/secrets/gone', [preconditions: [resourceVersion: '1']]).status == 409
        with(send('DELETE', '/api/v1/namespaces/default/secrets/gone')) {
            status == 200
            json.status == 'Success'
            json.details == [name: 'gone', kind: 'secrets', uid: created.metadata.uid]
        }
        send('DELETE', '/api/v1/namespaces/default/secrets/gone').status == 404
    }

    def "dryRun=All validates and answers without storing"() {
        when:
        def answer = send('POST', '/api/v1/namespaces/default/secrets?dryRun=All', secret('dry'))

        then:
        answer.status == 201
        send('GET', '/api/v1/namespaces/default/secrets/dry').status == 404
    }

    def "the label selector '#selector' selects #expected"() {
        given:
        create('labels', secret('a', [k: 'v'], [team: 'payments', tier: 'db']))
        create('labels', secret('b', [k: 'v'], [team: 'ops']))
        create('labels', secret('c', [k: 'v']))

        when:
        def listed = send('GET', '/api/v1/namespaces/labels/secrets?labelSelector=' + URLEncoder.encode(selector, 'UTF-8'))

        then:
        listed.status == 200
        listed.json.items*.metadata*.name == expected

        where:
        selector                   | expected
        'team=payments'            | ['a']
        'team==ops'                | ['b']
        'team!=payments'           | ['b', 'c']
        'team'                     | ['a', 'b']
        '!team'                    | ['c']
        'team in (ops, payments)'  | ['a', 'b']
        'team notin (ops)'         | ['a', 'c']
        'team=payments,tier=db'    | ['a']
        'team in (ops),tier'       | []
    }

    def "a label selector that does not parse is answered 400 BadRequest"() {
        expect:
        send('GET', '/api/v1/namespaces/default/secrets?labelSelector=' + URLEncoder.encode('team in ops', 'UTF-8')).status == 400
    }

    def "a list in pages of #limit returns every Secret once, in name order, and the last page has no continue"() {
        given:
        def names = (1..7).collect { "s-$it".toString() }.reverse()
        names.each { create('paged', secret(it)) }

        when:
        def seen = []
        def pages = 0
        String next = null
        while (true) {
            def page = send('GET', "/api/v1/namespaces/paged/secrets?limit=$limit" + (next ? "&continue=$next" : '')).json
            pages++
            seen.addAll(page.items*.metadata*.name)
            next = page.metadata.continue
            if (!next) {
                break
            }
            assert page.metadata.remainingItemCount == 7 - seen.size()
        }

        then:
        seen == names.sort()
        pages == Math.ceil(7 / limit) as int

        where:
        limit << [1, 3, 7, 100]
    }

    def "a continue token that is not one is answered 400, and one from before a compaction 410 Expired"() {
        given:
        (1..3).each { create('tokens', secret("t$it")) }
        def next = send('GET', '/api/v1/namespaces/tokens/secrets?limit=1').json.metadata.continue

        expect:
        send('GET', '/api/v1/namespaces/tokens/secrets?limit=1&continue=not-a-token').status == 400

        when: 'the store changes, and its history is compacted past the version of the token'
        create('tokens', secret('t4'))
        server.compact()

        then:
        with(send('GET', "/api/v1/namespaces/tokens/secrets?limit=1&continue=$next")) {
            status == 410
            json.reason == 'Expired'
        }
    }

    def "a watch from a resourceVersion replays the changes after it, in order, then a bookmark at the latest version"() {
        given:
        create('watched', secret('before'))
        def from = send('GET', '/api/v1/namespaces/watched/secrets').json.metadata.resourceVersion
        create('watched', secret('added'))
        send('PUT', '/api/v1/namespaces/watched/secrets/before', secret('before', [password: 'changed']))
        send('DELETE', '/api/v1/namespaces/watched/secrets/added')
        create('elsewhere', secret('other'))

        when:
        def answer = send('GET', "/api/v1/namespaces/watched/secrets?watch=true&allowWatchBookmarks=true&resourceVersion=$from")
        def events = events(answer.body)

        then:
        answer.status == 200
        events*.type == ['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']
        events[0..2]*.object*.metadata*.name == ['added', 'before', 'added']
        events[0..2]*.object*.metadata*.resourceVersion.collect { Long.parseLong(it) } ==
                events[0..2]*.object*.metadata*.resourceVersion.collect { Long.parseLong(it) }.sort()
        events[3].object.metadata.resourceVersion == String.valueOf(server.resourceVersion())
    }

    def "a watch with a label selector sends a Secret that leaves the selection as DELETED, and one that enters as ADDED"() {
        given:
        create('moving', secret('leaves', [k: 'v'], [team: 'a']))
        create('moving', secret('enters', [k: 'v'], [team: 'b']))
        def from = send('GET', '/api/v1/namespaces/moving/secrets').json.metadata.resourceVersion
        send('PATCH', '/api/v1/namespaces/moving/secrets/leaves', [metadata: [labels: [team: 'b']]], 'application/merge-patch+json')
        send('PATCH', '/api/v1/namespaces/moving/secrets/enters', [metadata: [labels: [team: 'a']]], 'application/merge-patch+json')

        when:
        def events = events(send('GET', "/api/v1/namespaces/moving/secrets?watch=1&labelSelector=team%3Da&resourceVersion=$from").body)

        then:
        events.collect { "${it.type} ${it.object.metadata.name}".toString() } == ['DELETED leaves', 'ADDED enters']
    }

    def "a watch from before the kept history gets an ERROR event holding a 410 Expired Status"() {
        given:
        server.historyLimit(2)
        create('old', secret('one'))
        def from = send('GET', '/api/v1/namespaces/old/secrets').json.metadata.resourceVersion
        (2..4).each { create('old', secret("n$it")) }

        when:
        def events = events(send('GET', "/api/v1/namespaces/old/secrets?watch=true&resourceVersion=$from").body)

        then:
        events.size() == 1
        events[0].type == 'ERROR'
        events[0].object.kind == 'Status'
        events[0].object.code == 410
        events[0].object.reason == 'Expired'
    }

    def "a watch without a resourceVersion starts with every Secret as ADDED"() {
        given:
        create('fresh', secret('x'))
        create('fresh', secret('y'))

        expect:
        events(send('GET', '/api/v1/namespaces/fresh/secrets?watch=true').body).collect { "${it.type} ${it.object.metadata.name}" } ==
                ['ADDED x', 'ADDED y']
    }

    def "discovery names the core version, Secrets and the server's version, so that kubectl can talk to it"() {
        expect:
        send('GET', '/version', null, 'application/json', null).json.major == '1'
        send('GET', '/api').json.versions == ['v1']
        send('GET', '/api/v1').json.resources*.name.contains('secrets')
        send('GET', '/apis').json.groups == []
        send('GET', '/api/v1/namespaces/anything').json.status.phase == 'Active'
    }

    def "seeding creates an Opaque Secret with the fields as data keys and the tags as labels"() {
        when:
        server.seed('payments', 'db', [username: 'app', password: 'pw'], [team: 'payments'])
        def read = send('GET', '/api/v1/namespaces/payments/secrets/db').json

        then:
        read.type == 'Opaque'
        read.metadata.labels == [team: 'payments']
        read.data.collectEntries { k, v -> [k, new String(v.decodeBase64())] } == [password: 'pw', username: 'app']
    }

    def "seeding what the API server would refuse names the Secret and the rule, never the value"() {
        when:
        server.seed(namespace, name, [(dataKey): 'the-seed-value'], [:])

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(expected)
        !e.message.contains('the-seed-value')

        where:
        namespace   | name       | dataKey    | expected
        'Payments'  | 'db'       | 'value'    | "'Payments' is not a namespace name"
        'payments'  | 'Not_OK'   | 'value'    | 'metadata.name'
        'payments'  | 'db'       | 'a b'      | 'data[a b]'
    }
}
