package io.ferry.provider.aws

import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.Emulator
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import software.amazon.awssdk.core.SdkBytes
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient
import software.amazon.awssdk.services.secretsmanager.model.Filter
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException
import software.amazon.awssdk.services.secretsmanager.model.SortByType
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType
import spock.lang.AutoCleanup
import spock.lang.Specification

/** The in-process Secrets Manager, driven by the plain SDK and by raw HTTP: the semantics the adapter relies on. */
class AwsSecretsManagerServerSpec extends Specification {

    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    @AutoCleanup
    SecretsManagerClient sdk = AwsTestSupport.sdk(server)

    def "each new version takes AWSCURRENT and hands AWSPREVIOUS to the one before; older ones lose their labels"() {
        given:
        def v1 = sdk.createSecret { it.name('s').secretString('1') }.versionId()
        def v2 = sdk.putSecretValue { it.secretId('s').secretString('2') }.versionId()
        def v3 = sdk.putSecretValue { it.secretId('s').secretString('3') }.versionId()

        expect:
        sdk.describeSecret { it.secretId('s') }.versionIdsToStages() == [(v2): ['AWSPREVIOUS'], (v3): ['AWSCURRENT']]
        sdk.getSecretValue { it.secretId('s').versionStage('AWSPREVIOUS') }.secretString() == '2'
        sdk.getSecretValue { it.secretId('s').versionId(v1) }.secretString() == '1'
        sdk.listSecretVersionIds { it.secretId('s') }.versions()*.versionId() == [v2, v3]
        sdk.listSecretVersionIds { it.secretId('s').includeDeprecated(true) }.versions()*.versionId() == [v1, v2, v3]
    }

    def "UpdateSecretVersionStage moves a label, and AWSCURRENT leaves AWSPREVIOUS behind"() {
        given:
        def v1 = sdk.createSecret { it.name('s').secretString('1') }.versionId()
        def v2 = sdk.putSecretValue { it.secretId('s').secretString('2') }.versionId()

        when: 'the current label rolls back'
        sdk.updateSecretVersionStage { it.secretId('s').versionStage('AWSCURRENT').removeFromVersionId(v2).moveToVersionId(v1) }

        then:
        sdk.getSecretValue { it.secretId('s') }.secretString() == '1'
        sdk.describeSecret { it.secretId('s') }.versionIdsToStages() == [(v1): ['AWSCURRENT'], (v2): ['AWSPREVIOUS']]

        when: 'a label held elsewhere is moved without naming where from'
        sdk.putSecretValue { it.secretId('s').secretString('3').versionStages('TEST') }
        sdk.updateSecretVersionStage { it.secretId('s').versionStage('TEST').moveToVersionId(v1) }

        then:
        thrown(SecretsManagerException)
    }

    def "versions without a label beyond 100 are pruned, oldest first"() {
        given:
        def first = sdk.createSecret { it.name('many').secretString('0') }.versionId()
        (1..102).each { n -> sdk.putSecretValue { it.secretId('many').secretString("$n".toString()) } }

        expect:
        server.store().versionCount('many') == 102
        sdk.listSecretVersionIds { it.secretId('many').includeDeprecated(true).maxResults(100) }.nextToken() != null
        !sdk.listSecretVersionIds { it.secretId('many').includeDeprecated(true).maxResults(100) }.versions()*.versionId().contains(first)
        sdk.getSecretValue { it.secretId('many') }.secretString() == '102'
    }

    def "a ClientRequestToken is the VersionId: the same data again is a no-op, other data is ResourceExistsException"() {
        given:
        def token = 'f' * 32
        sdk.createSecret { it.name('t').secretString('a') }
        def put = sdk.putSecretValue { it.secretId('t').secretString('b').clientRequestToken(token) }

        expect:
        put.versionId() == token
        sdk.putSecretValue { it.secretId('t').secretString('b').clientRequestToken(token) }.versionId() == token
        server.store().versionCount('t') == 2

        when:
        sdk.putSecretValue { it.secretId('t').secretString('c').clientRequestToken(token) }

        then:
        thrown(ResourceExistsException)
        sdk.getSecretValue { it.secretId('t') }.secretString() == 'b'
    }

    def "ARNs carry a random six-character suffix, and a secret can be addressed by its ARN"() {
        given:
        def arn = sdk.createSecret { it.name('arn/test').secretString('v') }.arn()

        expect:
        arn ==~ /arn:aws:secretsmanager:us-east-1:123456789012:secret:arn\/test-[A-Za-z0-9]{6}/
        sdk.getSecretValue { it.secretId(arn) }.secretString() == 'v'
    }

    def "a name scheduled for deletion cannot be reused until it is restored or force-deleted"() {
        given:
        sdk.createSecret { it.name('d').secretString('v') }
        sdk.deleteSecret { it.secretId('d').recoveryWindowInDays(7L) }

        when:
        sdk.createSecret { it.name('d').secretString('again') }

        then:
        thrown(InvalidRequestException)
        sdk.listSecrets { it }.secretList()*.name() == []
        sdk.listSecrets { it.includePlannedDeletion(true) }.secretList()*.name() == ['d']

        when:
        sdk.deleteSecret { it.secretId('d').forceDeleteWithoutRecovery(true) }
        sdk.createSecret { it.name('d').secretString('again') }

        then:
        sdk.getSecretValue { it.secretId('d') }.secretString() == 'again'
    }

    def "ListSecrets sorts newest first by default, by name when asked, filters names by prefix and pages with NextToken"() {
        given:
        ['b/2', 'a/1', 'b/1', 'c'].each { n -> sdk.createSecret { it.name(n).secretString('v') } }

        expect:
        sdk.listSecrets { it }.secretList()*.name() == ['c', 'b/1', 'a/1', 'b/2']
        sdk.listSecrets { it.sortBy(SortByType.NAME).sortOrder(SortOrderType.ASC) }.secretList()*.name() == ['a/1', 'b/1', 'b/2', 'c']
        sdk.listSecrets { it.sortBy(SortByType.NAME).filters(Filter.builder().key(FilterNameStringType.NAME).values('b/').build()) }
                .secretList()*.name() == ['b/1', 'b/2']
        pages { it.sortBy(SortByType.NAME).sortOrder(SortOrderType.ASC).maxResults(3) } == [['a/1', 'b/1', 'b/2'], ['c']]
    }

    def "BatchGetSecretValue returns what it finds and one error per missing id, and takes at most 20 ids"() {
        given:
        sdk.createSecret { it.name('x').secretString('1') }
        sdk.createSecret { it.name('y').secretBinary(SdkBytes.fromByteArray([1, 2] as byte[])) }

        when:
        def batch = sdk.batchGetSecretValue { it.secretIdList('x', 'missing', 'y') }

        then:
        batch.secretValues()*.name() == ['x', 'y']
        batch.secretValues()[1].secretBinary().asByteArray() == [1, 2] as byte[]
        batch.errors()*.secretId() == ['missing']
        batch.errors()*.errorCode() == ['ResourceNotFoundException']

        when:
        sdk.batchGetSecretValue { it.secretIdList((0..20).collect { "s$it".toString() }) }

        then:
        thrown(SecretsManagerException)
    }

    def "a missing secret is ResourceNotFoundException"() {
        when:
        sdk.getSecretValue { it.secretId('nope') }

        then:
        thrown(ResourceNotFoundException)
    }

    def "on the wire: JSON 1.1 errors with __type, an unsigned request refused, throttling as ThrottlingException"() {
        given:
        def http = HttpClient.newHttpClient()
        def request = HttpRequest.newBuilder(server.endpoint().resolve('/'))
                .header('Content-Type', 'application/x-amz-json-1.1')
                .header('X-Amz-Target', 'secretsmanager.ListSecrets')
                .POST(HttpRequest.BodyPublishers.ofString('{}')).build()

        when:
        def unsigned = http.send(request, HttpResponse.BodyHandlers.ofString())

        then:
        unsigned.statusCode() == 400
        unsigned.headers().firstValue('Content-Type').get() == 'application/x-amz-json-1.1'
        unsigned.body().contains('"__type":"MissingAuthenticationTokenException"')

        when:
        server.knobs().quota(Operation.LIST, 0.001)
        sdk.listSecrets { it }
        sdk.listSecrets { it }

        then:
        def e = thrown(SecretsManagerException)
        e.statusCode() == 400
        e.awsErrorDetails().errorCode() == 'ThrottlingException'
        e.awsErrorDetails().errorMessage() == 'Rate exceeded'
        server.stats().throttled() == 1
    }

    def "ferry emulate aws finds the emulator, whose server the SDK can use"() {
        given:
        def emulator = ServiceLoader.load(Emulator).find { it.name() == 'aws' }

        when:
        def standalone = emulator.create(new ServerKnobs()).start(0)
        def client = SecretsManagerClient.builder().region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .endpointOverride(standalone.endpoint())
                .credentialsProvider(AwsSecretsManagerClientsCredentials.DEFAULT)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()

        then:
        emulator.description().contains(AwsSecretsManagerServer.ACCESS_KEY)
        client.createSecret { it.name('e').secretString('v') }.arn().startsWith('arn:aws:secretsmanager:eu-west-1:')

        cleanup:
        client?.close()
        standalone?.close()
    }

    private List<List<String>> pages(Closure<?> request) {
        def pages = []
        String token = null
        do {
            def response = sdk.listSecrets { b -> request(b); b.nextToken(token) }
            pages << response.secretList()*.name()
            token = response.nextToken()
        } while (token != null)
        pages
    }

    /** The emulator's printed credentials, as a user would paste them. */
    static class AwsSecretsManagerClientsCredentials {
        static final def DEFAULT = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(AwsSecretsManagerServer.ACCESS_KEY, AwsSecretsManagerServer.SECRET_KEY))
    }
}
