package io.ferry.provider.aws;

import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps what the SDK throws to {@link ProviderException}s whose messages name the store, the key, the
 * error code and the fix. What the store or the SDK said is never quoted: a store may echo the
 * request, value included, in its message. The SDK's exception stays the cause, for the adapter to
 * classify; its message is never shown.
 */
final class AwsErrors {

    static final String STORE = "AWS Secrets Manager";

    /** The shape of an error code ({@code ResourceNotFoundException}); anything else in {@code __type} is not quoted. */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z][A-Za-z]{0,99}");

    private final AwsSettings settings;

    AwsErrors(AwsSettings settings) {
        this.settings = settings;
    }

    /**
     * @param e what the SDK threw
     * @param key the key concerned, or null
     * @return the classified failure
     */
    ProviderException map(SdkException e, String key) {
        if (e instanceof AwsServiceException service) {
            return service(service, key);
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SdkClientException && why.toLowerCase(Locale.ROOT).contains("credentials")) {
            // Not the SDK's text: it lists every provider of the credentials chain, some 1,500 characters.
            return new ProviderException(Kind.DENIED, key, STORE + " found no usable credentials" + about(key)
                    + " (no request was sent); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give profile=NAME, or configure the default "
                    + "credentials chain", e);
        }
        return new ProviderException(Kind.UNAVAILABLE, key, "cannot reach " + STORE + " at " + settings.endpointForMessages()
                + about(key) + " (" + rootType(e) + "); check the endpoint URL, the network and proxy, and the TLS trust (ca option)",
                true, null, e);
    }

    /**
     * @param e a service error
     * @return Secrets Manager's error code, such as {@code ResourceNotFoundException}
     */
    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    /**
     * @param e a service error
     * @return whether it says the secret is scheduled for deletion
     */
    static boolean scheduledForDeletion(AwsServiceException e) {
        return code(e).equals("InvalidRequestException") && message(e).toLowerCase(Locale.ROOT).contains("deletion");
    }

    /**
     * @param key the key
     * @param name the secret's name
     * @return the failure of a write to a name whose secret is scheduled for deletion
     */
    static ProviderException scheduled(String key, String name, Throwable cause) {
        return new ProviderException(Kind.CONFLICT, key, STORE + " secret '" + name + "' is scheduled for deletion, "
                + "which blocks its name; recover it to keep its versions, or purge it to create it afresh, then write again",
                cause);
    }

    private ProviderException service(AwsServiceException e, String key) {
        String code = code(e);
        String errorCode = ERROR_CODE.matcher(code).matches() ? code : "no error code";
        int status = e.statusCode();
        switch (code) {
            case "ResourceNotFoundException":
                return new ProviderException(Kind.NOT_FOUND, key, STORE + " has no secret '" + name(key) + "' (" + errorCode + ")", e);
            case "ResourceExistsException":
                return new ProviderException(Kind.EXISTS, key, STORE + " already has a secret '" + name(key)
                        + "'; a create-only write leaves it alone: plan the record as an update or choose another name", e);
            case "InvalidRequestException":
                if (scheduledForDeletion(e)) {
                    return scheduled(key, name(key), e);
                }
                return new ProviderException(Kind.INVALID, key, STORE + " refused the request" + about(key) + " (" + errorCode
                        + "); fix the request: check the name, the value's size and whether the secret is being deleted", e);
            case "InvalidParameterException", "ValidationException", "InvalidNextTokenException",
                 "MalformedPolicyDocumentException", "SerializationException":
                return new ProviderException(Kind.INVALID, key, STORE + " refused the request" + about(key) + " (" + errorCode
                        + "); names take 1-512 of A-Za-z0-9/_+=.@-, values 1-65536 bytes, at most 50 tags", e);
            case "LimitExceededException":
                return new ProviderException(Kind.INVALID, key, STORE + " refused the request" + about(key)
                        + " because an account limit was reached (" + errorCode + "); delete unused secrets or ask AWS to raise it", e);
            case "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "Throttling":
                return new ProviderException(Kind.THROTTLED, key, STORE + " throttled the call" + about(key) + " (" + errorCode
                        + "); it is retried with back-off; lower rate.read, rate.write or rate.list to stay under the quota",
                        true, null, e);
            case "ExpiredTokenException", "ExpiredToken", "RequestExpired":
                return new ProviderException(Kind.DENIED, key, STORE + " refused the session" + about(key) + " (" + errorCode
                        + "); refresh the session (aws sso login, or a new AWS_SESSION_TOKEN) and run again", e);
            case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
                 "IncompleteSignatureException", "MissingAuthenticationTokenException", "InvalidClientTokenId",
                 "SignatureDoesNotMatch":
                return new ProviderException(Kind.DENIED, key, STORE + " denied the call" + about(key) + " (" + errorCode
                        + "); check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or profile), the region "
                        + settings.region() + " and the IAM permissions", e);
            default:
                if (status >= 500 || code.equals("InternalServiceError") || code.equals("InternalFailure")) {
                    return new ProviderException(Kind.UNAVAILABLE, key, STORE + " at " + settings.endpointForMessages()
                            + " failed" + about(key) + " (HTTP " + status + " " + errorCode + "); a retry may succeed; "
                            + "check the AWS Health Dashboard if it persists", true, null, e);
                }
                return new ProviderException(Kind.INVALID, key, STORE + " refused the request" + about(key)
                        + " (HTTP " + status + " " + errorCode + ")", e);
        }
    }

    private String about(String key) {
        return key == null ? "" : " for '" + key + "'";
    }

    private String name(String key) {
        return key == null ? "" : settings.name(key);
    }

    /** The innermost cause's type, which says what failed (ConnectException, SSLHandshakeException) without quoting anyone. */
    private static String rootType(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static String message(AwsServiceException e) {
        String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return m == null ? "" : m;
    }
}
