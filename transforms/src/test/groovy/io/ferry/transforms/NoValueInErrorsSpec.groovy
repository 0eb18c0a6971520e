package io.ferry.transforms

import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import io.ferry.transform.TransformContext
import io.ferry.transform.TransformRegistry
import spock.lang.Specification

class NoValueInErrorsSpec extends Specification {

    static final Map<String, Map> SAMPLES = [
            'rename'          : [from: '.*', to: ''],
            'prefix'          : [strip: 'plain'],
            'case'            : [to: 'upper'],
            'style'           : [to: 'kebab'],
            'azure-safe-names': [:],
            'k8s-safe-names'  : [:],
            'path-to-name'    : [separator: '.'],
            'name-to-path'    : [separator: '-'],
            'trim'            : [:],
            'value-case'      : [to: 'lower'],
            'base64'          : [mode: 'decode'],
            'json-rename'     : [from: 'user', to: 'password'],
            'json-pick'       : [fields: ['user']],
            'json-drop'       : [fields: ['user']],
            'json-set'        : [fields: [user: 'x']],
            'json-convert'    : [field: 'password', to: 'integer'],
            'json-compute'    : [field: 'n', expression: 'json.password.toInteger() + rec.value.bytes.length'],
            'template'        : [template: '${user}:${password}:${missing}'],
            'tags'            : [rename: [env: 'owner']],
            'content-type'    : [set: 'text/plain'],
            'expiry'          : [shift: 'P1D'],
            'clamp-ttl'       : [max: 'P1D'],
            'filter'          : [when: 'Integer.parseInt(rec.value.text())', reason: 'r'],
            'flag'            : [when: 'rec.json.password.foo()', reason: 'r'],
    ]

    def registry = TransformRegistry.load()
    def context = Stub(TransformContext)

    def "every transform has a sample here, a one-line description with an example, and its inverse when reversible"() {
        expect:
        registry.factories().findAll { it.class.name.startsWith('io.ferry.transforms.') }*.name() as Set == SAMPLES.keySet()
        registry.factories().every { !it.description().contains('\n') && (it.description().contains(': ') || it.description().endsWith('no arguments')) }
        SAMPLES.every { name, args ->
            def t = registry.create(name, args)
            !t.reversible() || t.inverse() != null
        }
    }

    def "#name never puts a value into an error, whatever record it is given"() {
        given:
        def transform = registry.create(name, SAMPLES[name])
        def records = Corpus.records() + [
                SecretRecord.builder('json/bad').value(SecretValue.ofText("{\"password\": \"${Corpus.CANARY}\"")).build(),
                SecretRecord.builder('json/array').value(SecretValue.ofText("[\"${Corpus.CANARY}\"]")).build(),
                SecretRecord.builder('json/nested').value(SecretRecord.jsonValue([password: [v: Corpus.CANARY], user: [Corpus.CANARY]])).build(),
                SecretRecord.ofText('L' * 130, Corpus.CANARY),
                SecretRecord.builder('tagged').text(Corpus.CANARY).tag('owner', 'o').tag('env', 'e').build(),
        ]
        def messages = []

        when:
        records.each { record ->
            try {
                transform.apply(record, context)
            } catch (RuntimeException e) {
                messages << e.message
                assert e instanceof IllegalArgumentException
            }
        }

        then:
        !messages.isEmpty() || name in ['case', 'style', 'trim', 'content-type', 'expiry', 'clamp-ttl']
        messages.every { !it.contains(Corpus.CANARY) }

        where:
        name << SAMPLES.keySet()
    }
}
