package io.ferry.testkit.server.aws;

/**
 * An error Secrets Manager answers with: HTTP 400 (or 500 for its own failures) and the body
 * {@code {"__type":"...","message":"..."}}. Messages name the secret, never its value.
 */
final class AwsServiceError extends RuntimeException {

    private final String type;
    private final int status;

    AwsServiceError(String type, String message) {
        this(type, 400, message);
    }

    AwsServiceError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    /** @return the error's type, such as {@code ResourceNotFoundException} */
    String type() {
        return type;
    }

    /** @return the HTTP status */
    int status() {
        return status;
    }

    static AwsServiceError notFound() {
        return new AwsServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    static AwsServiceError invalidParameter(String message) {
        return new AwsServiceError("InvalidParameterException", message);
    }

    static AwsServiceError invalidRequest(String message) {
        return new AwsServiceError("InvalidRequestException", message);
    }
}
