package io.ferry.provider.aws

import io.ferry.spi.ProviderException.Kind
import io.ferry.spi.ProviderSpec
import software.amazon.awssdk.awscore.exception.AwsErrorDetails
import software.amazon.awssdk.core.exception.SdkClientException
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException
import spock.lang.Specification

/** Every error Secrets Manager answers with becomes a kind and a message that names the key and the fix. */
class AwsErrorsSpec extends Specification {

    def errors = new AwsErrors(AwsSettings.of(ProviderSpec.parse('aws:eu-west-1/team/'), AwsTestSupport.context([:])))

    def "#code (HTTP #status) is #kind, retryable #retryable, and says '#fix'"() {
        given:
        def thrownByAws = SecretsManagerException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build()

        when:
        def e = errors.map(thrownByAws, 'db')

        then:
        e.kind() == kind
        e.retryable() == retryable
        e.key() == 'db'
        e.message.contains(fix)
        e.message.contains('db')
        e.cause.is(thrownByAws)

        where:
        code                          | status | message                                                     || kind             | retryable | fix
        'ResourceNotFoundException'   | 400    | "Secrets Manager can't find the specified secret."          || Kind.NOT_FOUND   | false     | "has no secret 'team/db'"
        'ResourceExistsException'     | 400    | 'The operation failed because the secret team/db exists.'   || Kind.EXISTS      | false     | 'plan the record as an update'
        'InvalidRequestException'     | 400    | 'a secret with this name is already scheduled for deletion' || Kind.CONFLICT    | false     | 'recover it'
        'InvalidRequestException'     | 400    | 'You can\'t perform this operation on the secret.'          || Kind.INVALID     | false     | 'fix the request'
        'InvalidParameterException'   | 400    | 'Invalid name.'                                             || Kind.INVALID     | false     | 'at most 50 tags'
        'ValidationException'         | 400    | 'Member must have length less than or equal to 65536'       || Kind.INVALID     | false     | '65536'
        'LimitExceededException'      | 400    | 'You have reached the maximum number of secrets.'           || Kind.INVALID     | false     | 'account limit'
        'ThrottlingException'         | 400    | 'Rate exceeded'                                             || Kind.THROTTLED   | true      | 'rate.write'
        'AccessDeniedException'       | 400    | 'User is not authorized'                                    || Kind.DENIED      | false     | 'IAM permissions'
        'UnrecognizedClientException' | 400    | 'The security token included in the request is invalid.'    || Kind.DENIED      | false     | 'region eu-west-1'
        'InvalidSignatureException'   | 400    | 'The request signature we calculated does not match'        || Kind.DENIED      | false     | 'check the credentials'
        'ExpiredTokenException'       | 400    | 'The security token included in the request is expired'     || Kind.DENIED      | false     | 'refresh the session'
        'InternalServiceError'        | 500    | 'An error occurred on the server side.'                     || Kind.UNAVAILABLE | true      | 'a retry may succeed'
        'ServiceUnavailable'          | 503    | 'Service Unavailable'                                       || Kind.UNAVAILABLE | true      | 'https://secretsmanager.eu-west-1.amazonaws.com'
    }

    def "a connection failure is UNAVAILABLE with the endpoint and what to check; no credentials is DENIED with where to put them"() {
        expect:
        with(errors.map(SdkClientException.create('Unable to execute HTTP request: Connection refused'), 'db')) {
            kind() == Kind.UNAVAILABLE
            retryable()
            message.contains('https://secretsmanager.eu-west-1.amazonaws.com')
            message.contains('check the endpoint URL')
        }
        with(errors.map(SdkClientException.create('Unable to load credentials from any of the providers in the chain'), 'db')) {
            kind() == Kind.DENIED
            message.contains('AWS_ACCESS_KEY_ID')
        }
    }
}
