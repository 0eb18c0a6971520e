package io.ferry.keys

import spock.lang.Specification

class SecretReferenceSpec extends Specification {

    def "#written is the secret '#key' of the store #store"() {
        when:
        def reference = SecretReference.parse(written, '--journal-key')

        then:
        reference.storeUri() == store
        reference.key() == key
        reference.field() == field
        reference.toString() == written

        where:
        written                                                          || store                                               | key           | field
        'aws:us-east-1/ferry/journal-key'                                || 'aws:us-east-1/ferry/'                              | 'journal-key' | null
        'aws:us-east-1/journal-key?endpoint=http://127.0.0.1:4566'       || 'aws:us-east-1?endpoint=http://127.0.0.1:4566'      | 'journal-key' | null
        'vault:https://vault:8200/secret/journal-key?prefix=ferry/'      || 'vault:https://vault:8200/secret/?prefix=ferry/'    | 'journal-key' | null
        'vault:http://127.0.0.1:8200/secret/journal-key#key'             || 'vault:http://127.0.0.1:8200/secret/'               | 'journal-key' | 'key'
        'azure:https://ops.vault.azure.net/ferry-journal-key'            || 'azure:https://ops.vault.azure.net/'                | 'ferry-journal-key' | null
        'k8s:ferry/journal-key#key'                                      || 'k8s:ferry'                                         | 'journal-key' | 'key'
        'local:keys/ops.db/journal-key'                                  || 'local:keys/ops.db/'                                | 'journal-key' | null
        'memory:keys/journal-key'                                        || 'memory:keys'                                       | 'journal-key' | null
    }

    def "'#written' is refused with one line that says what to write"() {
        when:
        SecretReference.parse(written, '--journal-key')

        then:
        def e = thrown(KeySourceException)
        e.message.startsWith('--journal-key')
        e.message.contains(fix)
        !e.message.contains('\n')

        where:
        written                    || fix
        'journal-key'              || 'write STORE/KEY, for example aws:us-east-1/ferry/journal-key'
        'aws:us-east-1'            || 'end the store\'s URI with /KEY, for example aws:us-east-1/journal-key'
        'aws:us-east-1/ferry/'     || 'for example aws:us-east-1/ferry/journal-key'
        'k8s:ferry/journal-key#'   || 'name the JSON field'
    }
}
