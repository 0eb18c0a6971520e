package io.ferry.transforms

import io.ferry.secret.SecretRecord
import io.ferry.transform.TransformContext
import io.ferry.transform.TransformRegistry
import spock.lang.Specification

class NameTransformsSpec extends Specification {

    def registry = TransformRegistry.load()
    def context = Stub(TransformContext)

    def "#name with #args turns '#key' into '#expected'"() {
        given:
        def record = SecretRecord.builder(key).text(Corpus.CANARY).tag('env', 'prod').build()

        when:
        def out = registry.create(name, args).apply(record, context)

        then:
        out*.key() == [expected]
        out[0].value() == record.value()
        out[0].tags() == record.tags()

        where:
        name               | args                  | key                      || expected
        'case'             | [to: 'lower']         | 'App/DB_Password'        || 'app/db_password'
        'case'             | [to: 'upper']         | 'app/db'                 || 'APP/DB'
        'case'             | [to: 'upper']         | 'café'                   || 'CAFÉ'
        'style'            | [to: 'kebab']         | 'dbPassword'             || 'db-password'
        'style'            | [to: 'kebab']         | 'app/DB_Password here'   || 'app/db-password-here'
        'style'            | [to: 'snake']         | 'myApp/apiKey-v2'        || 'my_app/api_key_v2'
        'style'            | [to: 'snake']         | 'HTTPServer'             || 'http_server'
        'style'            | [to: 'kebab']         | 'already-kebab'          || 'already-kebab'
        'azure-safe-names' | [:]                   | 'app/db/password'        || 'app--db--password'
        'azure-safe-names' | [:]                   | 'db.pass-word'           || 'db-2e-pass-2d-word'
        'azure-safe-names' | [:]                   | 'Mixed_Case'             || 'Mixed-5f-Case'
        'azure-safe-names' | [:]                   | 'café/😀'                || 'caf-e9----1f600-'
        'k8s-safe-names'   | [:]                   | 'app/db/password'        || 'app.db.password'
        'k8s-safe-names'   | [:]                   | 'my-app/zone'            || 'my-app.zzone'
        'k8s-safe-names'   | [:]                   | 'DB'                     || 'z44zz42z'
        'k8s-safe-names'   | [:]                   | '/a//b-/'                || 'z2fzaz2fzz2fzbz2dzz2fz'
        'k8s-safe-names'   | [:]                   | 'db.pass_word'           || 'dbz2ezpassz5fzword'
        'path-to-name'     | [separator: '-']      | 'app/db/password'        || 'app-db-password'
        'name-to-path'     | [separator: '.']      | 'app.db.password'        || 'app/db/password'
        'prefix'           | [add: 'app/']         | 'db'                     || 'app/db'
    }

    def "k8s names are valid DNS subdomains and azure names valid Key Vault names for every generated key"() {
        given:
        def k8s = registry.create('k8s-safe-names', [:])
        def azure = registry.create('azure-safe-names', [:])

        expect:
        Corpus.generatedKeys().every { key ->
            def record = SecretRecord.ofText(key, 'v')
            k8s.apply(record, context)[0].key() ==~ /[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/ &&
                    azure.apply(record, context)[0].key() ==~ /[0-9a-zA-Z-]+/
        }
    }

    def "#name never maps two distinct keys to one name"() {
        given:
        def transform = registry.create(name, args)
        def keys = Corpus.generatedKeys().findAll { accepts(transform, it) }

        when:
        def names = keys.collect { transform.apply(SecretRecord.ofText(it, 'v'), context)[0].key() }

        then:
        keys.size() > 100
        names.toSet().size() == keys.size()

        where:
        name               | args
        'azure-safe-names' | [:]
        'k8s-safe-names'   | [:]
        'path-to-name'     | [separator: '-']
        'name-to-path'     | [separator: '.']
        'prefix'           | [add: 'x/']
    }

    def "#name declares itself #reversible with #args"() {
        expect:
        registry.create(name, args).reversible() == reversible

        where:
        name               | args                         || reversible
        'rename'           | [from: 'a', to: 'b']         || false
        'prefix'           | [add: 'app/']                || true
        'prefix'           | [strip: 'app/']              || false
        'prefix'           | [strip: 'a/', add: 'b/']     || false
        'case'             | [to: 'lower']                || false
        'style'            | [to: 'kebab']                || false
        'azure-safe-names' | [:]                          || true
        'k8s-safe-names'   | [:]                          || true
        'path-to-name'     | [separator: '-']             || true
        'name-to-path'     | [separator: '-']             || true
    }

    def "the inverse of #name reads back what it wrote, and refuses names it did not write: '#name'"() {
        when:
        registry.create(transform, [:]).inverse().apply(SecretRecord.ofText(name, Corpus.CANARY), context)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "$transform (inverse): name $name is not in the $transform encoding; it was not written by $transform"

        where:
        transform          | name
        'azure-safe-names' | 'a-'
        'azure-safe-names' | 'a-zz-'
        'azure-safe-names' | 'a-61-'
        'azure-safe-names' | 'a.b'
        'k8s-safe-names'   | 'az'
        'k8s-safe-names'   | 'zqz'
        'k8s-safe-names'   | 'Abc'
        'k8s-safe-names'   | 'z61z'
    }

    def "azure names compare hex escapes without regard to case"() {
        expect:
        registry.create('azure-safe-names', [:]).inverse().apply(SecretRecord.ofText('db-2E-x', 'v'), context)[0].key() == 'db.x'
    }

    def "#name refuses key '#key' that it could not undo"() {
        when:
        registry.create(name, args).apply(SecretRecord.ofText(key, Corpus.CANARY), context)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message.toString()
        !e.message.contains(Corpus.CANARY)

        where:
        name               | args             | key          || message
        'path-to-name'     | [separator: '-'] | 'my-app/db'  || "path-to-name: key my-app/db already contains '-', so the change could not be undone; choose another separator"
        'name-to-path'     | [separator: '.'] | 'a/b.c'      || "name-to-path: key a/b.c already contains '/', so the change could not be undone; choose another separator"
        'azure-safe-names' | [:]              | 'é' * 32     || "azure-safe-names: key ${'é' * 32} encodes to 128 characters; Azure allows 127; shorten it with rename first"
        'azure-safe-names' | [:]              | '.' * 40     || "azure-safe-names: key ${'.' * 40} encodes to 160 characters; Azure allows 127; shorten it with rename first"
        'k8s-safe-names'   | [:]              | 'A' * 64     || "k8s-safe-names: key ${'A' * 64} encodes to 256 characters; Kubernetes allows 253; shorten it with rename first"
    }

    def "bad name arguments are reported with the transform and the fix: #name #args"() {
        when:
        registry.create(name, args)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        name               | args              || message
        'case'             | [to: 'title']     || "transform 'case' argument to is 'title'; it takes one of upper, lower"
        'style'            | [:]               || "transform 'style' needs the argument to"
        'path-to-name'     | [separator: '--'] || "transform 'path-to-name' argument separator must be one character other than '/'; for example separator: '-'"
        'azure-safe-names' | [max: 10]         || "transform 'azure-safe-names' has no argument max; it takes "
    }

    private boolean accepts(transform, String key) {
        try {
            transform.apply(SecretRecord.ofText(key, 'v'), context)
            true
        } catch (IllegalArgumentException ignored) {
            false
        }
    }
}
