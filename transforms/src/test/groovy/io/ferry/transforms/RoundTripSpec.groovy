package io.ferry.transforms

import io.ferry.transform.TransformContext
import io.ferry.transform.TransformRegistry
import spock.lang.Specification

class RoundTripSpec extends Specification {

    def registry = TransformRegistry.load()
    def context = Stub(TransformContext)

    def "#name with #args round-trips every corpus record it accepts"() {
        given:
        def transform = registry.create(name, args)
        def accepted = 0

        expect:
        transform.reversible()
        Corpus.records().each { record ->
            def out
            try {
                out = transform.apply(record, context)
            } catch (IllegalArgumentException refused) {
                return
            }
            accepted++
            assert out.size() == 1
            assert transform.inverse().apply(out[0], context) == [record]
        }
        accepted >= minimum

        where:
        name               | args                       || minimum
        'prefix'           | [add: 'migrated/']         || 17
        'azure-safe-names' | [:]                        || 17
        'k8s-safe-names'   | [:]                        || 17
        'path-to-name'     | [separator: '~']           || 17
        'path-to-name'     | [separator: '-']           || 10
        'name-to-path'     | [separator: '.']           || 3
        'base64'           | [mode: 'encode']           || 17
        'base64'           | [mode: 'decode']           || 2
        'json-rename'      | [from: 'password', to: 'secret'] || 1
        'tags'             | [rename: [env: 'owner', owner: 'env', lang: 'language']] || 17
        'expiry'           | [shift: '-P30D']           || 17
    }
}
