package io.ferry.provider.file

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions

class KubernetesManifestSpec extends FileStoreSpecification {

    static String b64(String text) {
        text.bytes.encodeBase64().toString()
    }

    def "Secret manifests are read as NAMESPACE/NAME/DATAKEY or NAME/DATAKEY: #what"() {
        when:
        def store = file('secrets.yaml', yaml, '?format=k8s')

        then:
        contents(store) == expected

        where:
        what                         | yaml                                                                                                     || expected
        'data, base64'               | "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${b64('pw')}\n"                || ['db/password': 'pw']
        'a namespace'                | "kind: Secret\nmetadata:\n  name: db\n  namespace: prod\ndata:\n  user: ${b64('app')}\n"                || ['prod/db/user': 'app']
        'stringData'                 | "kind: Secret\nmetadata:\n  name: db\nstringData:\n  url: postgres://x\n"                               || ['db/url': 'postgres://x']
        'data and stringData'        | "kind: Secret\nmetadata:\n  name: db\ndata:\n  a: ${b64('1')}\nstringData:\n  b: '2'\n"                || ['db/a': '1', 'db/b': '2']
        'several documents'          | "kind: Secret\nmetadata: {name: a}\ndata: {k: ${b64('1')}}\n---\nkind: Secret\nmetadata: {name: b, namespace: n}\ndata: {k: ${b64('2')}}\n" || ['a/k': '1', 'n/b/k': '2']
        'other kinds are skipped'    | "kind: ConfigMap\nmetadata: {name: c}\ndata: {x: y}\n---\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}\n" || ['s/k': 'v']
        'an empty document'          | "---\n---\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}\n"                                    || ['s/k': 'v']
    }

    def "binary data stays bytes and the Secret's type is kept"() {
        given:
        byte[] bytes = (0..255) as byte[]
        def store = file('tls.yaml', "kind: Secret\ntype: kubernetes.io/tls\nmetadata: {name: tls}\ndata:\n  tls.key: ${bytes.encodeBase64()}\n", '?format=k8s')

        expect:
        store.read('tls/tls.key').get().value().bytes() == bytes
        store.read('tls/tls.key').get().attributes() == [type: 'kubernetes.io/tls']
    }

    def "a bad manifest is one line with its line, never the content: #what"() {
        when:
        def e = refusal('bad.yaml', yaml, '?format=k8s')

        then:
        e.kind() == ProviderException.Kind.INVALID
        e.message.startsWith(dir.resolve('bad.yaml').toString() + ":$line:")
        e.message.contains(expected)
        !e.message.contains(CANARY)

        where:
        what                   | yaml                                                                                    || line | expected
        'data that is not base64' | "kind: Secret\nmetadata: {name: s}\ndata:\n  k: '$CANARY!'\n"                        || 4    | 'must be base64'
        'a Secret without name'   | "kind: Secret\nmetadata: {}\nstringData: {k: $CANARY}\n"                              || 1    | 'metadata.name'
        'a key in data and stringData' | "kind: Secret\nmetadata: {name: s}\ndata:\n  k: ${b64(CANARY)}\nstringData:\n  k: $CANARY\n" || 6 | "'s/k' is given twice, at lines 4 and 6"
        'a Secret given twice'    | "kind: Secret\nmetadata: {name: s}\nstringData: {k: a}\n---\nkind: Secret\nmetadata: {name: s}\nstringData: {k: $CANARY}\n" || 7 | "'s/k' is given twice, at lines 3 and 7"
    }

    def "written records become Secrets, one document each, that read back byte for byte"() {
        given:
        def store = open('file:out.yaml?format=k8s&plaintext=true', true)
        byte[] bytes = [0, 1, 0xff, 0xfe] as byte[]

        when:
        put(store, SecretRecord.ofText('db/user', 'app'),
                SecretRecord.builder('prod/tls/tls.key').value(SecretValue.ofBytes(bytes)).attribute('type', 'kubernetes.io/tls').build(),
                SecretRecord.ofText('db/password', 'pw'))
        def again = open('file:out.yaml?format=k8s')

        then:
        text('out.yaml').count('kind: "Secret"') + text('out.yaml').count('kind: Secret') == 2
        contents(again).findAll { it.key.startsWith('db/') } == ['db/password': 'pw', 'db/user': 'app']
        again.read('prod/tls/tls.key').get().value().bytes() == bytes
        again.read('prod/tls/tls.key').get().attributes() == [type: 'kubernetes.io/tls']
    }

    def "a key that is not NAME/DATAKEY or NAMESPACE/NAME/DATAKEY is refused: '#key'"() {
        given:
        def store = open('file:out.yaml?format=k8s&plaintext=true', true)

        when:
        store.write(SecretRecord.ofText(key, 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.INVALID

        where:
        key << ['plain', 'Upper/k', 'a/b/c/d', 'ns/name/bad key', 'NS/name/k']
    }

    def "a manifest holding other kinds is not rewritten, since that would lose them"() {
        given:
        def store = file('mixed.yaml', "kind: ConfigMap\nmetadata: {name: c}\n---\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}\n", '?format=k8s&plaintext=true')

        when:
        put(store, SecretRecord.ofText('s/k2', 'v2'))

        then:
        def e = thrown(ProviderException)
        e.message.contains('holds a document that is not a Secret at line 1')
        text('mixed.yaml').startsWith('kind: ConfigMap')
    }
}
