package io.ferry.transforms

import io.ferry.secret.SecretRecord
import io.ferry.transform.TransformContext
import io.ferry.transform.TransformRegistry
import spock.lang.Specification

class KeyTransformsSpec extends Specification {

    def registry = TransformRegistry.load()
    def context = Stub(TransformContext)

    def "#name with #args turns '#key' into '#expected'"() {
        given:
        def record = SecretRecord.builder(key).text('value').tag('env', 'prod').build()

        when:
        def out = registry.create(name, args).apply(record, context)

        then:
        out*.key() == [expected]
        out[0].value() == record.value()
        out[0].tags() == record.tags()

        where:
        name     | args                                  | key            || expected
        'rename' | [from: ~/^app\//, to: 'svc/']         | 'app/db'       || 'svc/db'
        'rename' | [from: '^app/', to: 'svc/']           | 'other/db'     || 'other/db'
        'rename' | [from: ~/(\w+)\/(\w+)/, to: '$2-$1']  | 'db/password'  || 'password-db'
        'rename' | [from: ~/\//, to: '-']               | 'a/b/c'        || 'a-b-c'
        'prefix' | [add: 'app/']                         | 'db'           || 'app/db'
        'prefix' | [strip: 'legacy/']                    | 'legacy/db'    || 'db'
        'prefix' | [strip: 'legacy/']                    | 'current/db'   || 'current/db'
        'prefix' | [strip: 'legacy/', add: 'v2/']        | 'legacy/db'    || 'v2/db'
        'rename' | [from: ~/é/, to: 'e']                 | 'café/ключ'    || 'cafe/ключ'
    }

    def "bad arguments are reported with the transform and the fix: #args"() {
        when:
        registry.create(name, args)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        name     | args                      || message
        'rename' | [from: '[unclosed']       || "transform 'rename' argument from is not a valid regular expression: Unclosed character class"
        'rename' | [from: 'x']               || "transform 'rename' needs the argument to"
        'rename' | [form: 'x', to: 'y']      || "transform 'rename' has no argument form; it takes from, to"
        'prefix' | [:]                       || "transform 'prefix' needs add: or strip: (or both)"
    }

    def "an unknown transform name lists the known ones and suggests the nearest"() {
        when:
        registry.create('renam', [:])

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "unknown transform 'renam' (did you mean 'rename'?); known transforms: " + registry.factories()*.name().join(', ')
        registry.factories()*.name().containsAll(['prefix', 'rename', 'azure-safe-names', 'json-convert', 'explode', 'collapse'])
    }

    def "a rename that empties a key fails with the key and no value"() {
        when:
        new RenameTransform(~/.*/, '').apply(SecretRecord.ofText('gone', 'hunter2'), context)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "rename turns key gone into an empty name; adjust 'from' or 'to'"
    }
}
