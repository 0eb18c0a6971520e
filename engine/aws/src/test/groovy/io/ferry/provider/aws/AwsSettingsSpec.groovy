package io.ferry.provider.aws

import io.ferry.spi.ProviderSpec
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** The URI and the DSL options read the same way; a missing or wrong option says what to write instead. */
class AwsSettingsSpec extends Specification {

    @TempDir
    Path dir

    def "the URI form and the DSL form give the same settings"() {
        given:
        def uri = AwsSettings.of(ProviderSpec.parse('aws:us-east-1/payments/?endpoint=http://127.0.0.1:4566&profile=ops'
                + '&kmsKeyId=alias/k&recoveryWindowDays=7&forceDelete=true'), AwsTestSupport.context([:]))
        def dsl = AwsSettings.of(new ProviderSpec('aws', null, [region: 'us-east-1', prefix: 'payments/',
                endpoint: 'http://127.0.0.1:4566', profile: 'ops', kmsKeyId: 'alias/k', recoveryWindowDays: '7', forceDelete: 'true']),
                AwsTestSupport.context([:]))

        expect:
        uri == dsl
        uri.region() == 'us-east-1'
        uri.prefix() == 'payments/'
        uri.endpoint() == URI.create('http://127.0.0.1:4566')
        uri.recoveryWindowDays() == 7
        uri.forceDelete()
        uri.name('db') == 'payments/db'
    }

    def "defaults: no prefix, the public endpoint, a 30-day recovery window"() {
        when:
        def settings = AwsSettings.of(ProviderSpec.parse('aws:eu-west-2'), AwsTestSupport.context([:]))

        then:
        settings.prefix() == ''
        settings.endpoint() == null
        settings.endpointForMessages() == 'https://secretsmanager.eu-west-2.amazonaws.com'
        settings.recoveryWindowDays() == 30
        !settings.forceDelete()
    }

    def "the region may come from AWS_REGION, never from the EC2 metadata service"() {
        expect:
        AwsSettings.of(ProviderSpec.parse('aws:'), AwsTestSupport.context([AWS_REGION: 'ap-south-1'])).region() == 'ap-south-1'
    }

    def "a bad spec is refused with the fix: #what"() {
        when:
        AwsSettings.of(ProviderSpec.parse(uri), AwsTestSupport.context([:]))

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(fix)

        where:
        what                     | uri                                             || fix
        'no region'              | 'aws:'                                          || "aws:us-east-1/PREFIX"
        'not a region'           | 'aws:payments/'                                 || 'not an AWS region name'
        'region given twice'     | 'aws:us-east-1/?region=eu-west-1'               || 'give it once'
        'an unknown option'      | 'aws:us-east-1?endpiont=x'                      || 'the aws provider takes'
        'a short window'         | 'aws:us-east-1?recoveryWindowDays=3'            || '7 to 30 days'
        'a window in words'      | 'aws:us-east-1?recoveryWindowDays=week'         || 'whole number of days'
        'forceDelete=yes'        | 'aws:us-east-1?forceDelete=yes'                 || 'true or false'
        'an endpoint without URL'| 'aws:us-east-1?endpoint=localhost'              || 'is not an http(s) URL'
        'plain http to a network host' | 'aws:us-east-1?endpoint=http://sm.internal:4566' || 'endpoint http://sm.internal:4566 in aws:us-east-1?endpoint=http://sm.internal:4566 is plain http:// to a host that is not loopback, so credentials and values would cross the network unencrypted; use https://, or add insecureHttp=true to accept it'
    }

    def "plain http is taken for a loopback endpoint, and for another host only with insecureHttp=true"() {
        expect:
        AwsSettings.of(ProviderSpec.parse(uri), AwsTestSupport.context([:])).endpoint() == URI.create(endpoint)

        where:
        uri                                                               | endpoint
        'aws:us-east-1?endpoint=http://127.0.0.1:4566'                    | 'http://127.0.0.1:4566'
        'aws:us-east-1?endpoint=http://localhost:4566'                    | 'http://localhost:4566'
        'aws:us-east-1?endpoint=https://sm.internal:4566'                 | 'https://sm.internal:4566'
        'aws:us-east-1?endpoint=http://sm.internal:4566&insecureHttp=true' | 'http://sm.internal:4566'
    }

    def "a ca option that is not a PEM certificate is refused naming the file"() {
        given:
        def notPem = dir.resolve('ca.pem')
        Files.writeString(notPem, 'not a certificate')
        def settings = AwsSettings.of(ProviderSpec.parse("aws:us-east-1?ca=$notPem"), AwsTestSupport.context([:]))

        when:
        AwsClients.http(settings)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(notPem.toString())

        when:
        AwsClients.http(AwsSettings.of(ProviderSpec.parse("aws:us-east-1?ca=${dir.resolve('missing.pem')}"), AwsTestSupport.context([:])))

        then:
        def missing = thrown(IllegalArgumentException)
        missing.message.contains('cannot read ca file')
    }
}
