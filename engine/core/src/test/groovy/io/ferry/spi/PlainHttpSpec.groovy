package io.ferry.spi

import spock.lang.Specification

class PlainHttpSpec extends Specification {

    def "a host is loopback only when it is localhost or a loopback address literal: #host"() {
        expect:
        PlainHttp.isLoopback(host) == loopback

        where:
        host                 | loopback
        '127.0.0.1'          | true
        '127.8.9.10'         | true
        'localhost'          | true
        'LOCALHOST'          | true
        'vault.localhost'    | true
        '[::1]'              | true
        '10.0.0.5'           | false
        '0.0.0.0'            | false
        'vault.example.com'  | false
        '127.0.0.1.nip.io'   | false
        '[2001:db8::1]'      | false
        null                 | false
    }

    def "plain http is accepted for a loopback host, and https for any: #url"() {
        when:
        PlainHttp.check(URI.create(url), ProviderSpec.parse('vault:' + url + '/secret'), 'Vault address')

        then:
        noExceptionThrown()

        where:
        url << ['http://127.0.0.1:8200', 'http://localhost:8200', 'http://[::1]:8200', 'https://vault.example.com:8200']
    }

    def "plain http to another host is refused with one line naming the option"() {
        given:
        def spec = ProviderSpec.parse('vault:http://vault.example.com:8200/secret')

        when:
        PlainHttp.check(URI.create('http://vault.example.com:8200'), spec, 'Vault address')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'Vault address http://vault.example.com:8200 in vault:http://vault.example.com:8200/secret is plain ' +
                'http:// to a host that is not loopback, so credentials and values would cross the network unencrypted; ' +
                'use https://, or add insecureHttp=true to accept it'
        !e.message.contains('\n')
    }

    def "insecureHttp=true accepts plain http to another host"() {
        when:
        PlainHttp.check(URI.create('http://10.0.0.5:8200'), ProviderSpec.parse('vault:http://10.0.0.5:8200/secret?insecureHttp=true'), 'Vault address')

        then:
        noExceptionThrown()
    }

    def "insecureHttp=#value is refused: #why"() {
        when:
        PlainHttp.check(URI.create('http://10.0.0.5:8200'), ProviderSpec.parse("vault:http://10.0.0.5:8200/secret?insecureHttp=$value"), 'Vault address')

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(fragment)

        where:
        value   | why                         | fragment
        'false' | 'the default, said aloud'   | 'add insecureHttp=true to accept it'
        'yes'   | 'only true or false'        | "insecureHttp takes true or false, not 'yes'"
    }
}
