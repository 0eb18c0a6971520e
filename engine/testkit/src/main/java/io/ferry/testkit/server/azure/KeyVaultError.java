package io.ferry.testkit.server.azure;

/**
 * A request Key Vault refuses, with the status, the error code and the message it answers with
 * ({@code {"error":{"code":...,"message":...,"innererror":{"code":...}}}}).
 */
final class KeyVaultError extends RuntimeException {

    private final int status;
    private final String code;
    private final String innerCode;

    KeyVaultError(int status, String code, String message) {
        this(status, code, message, null);
    }

    KeyVaultError(int status, String code, String message, String innerCode) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.innerCode = innerCode;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** @return the inner error's code, such as {@code ObjectIsDeletedButRecoverable}, or null */
    String innerCode() {
        return innerCode;
    }

    static KeyVaultError badParameter(String message) {
        return new KeyVaultError(400, "BadParameter", message);
    }

    static KeyVaultError notFound(String name) {
        return new KeyVaultError(404, "SecretNotFound", "A secret with (name/id) " + name + " was not found in this "
                + "key vault. If you recently deleted this secret you may be able to recover it using the correct "
                + "recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182");
    }

    static KeyVaultError deletedNotFound(String name) {
        return new KeyVaultError(404, "SecretNotFound", "Deleted Secret not found: " + name);
    }

    static KeyVaultError versionNotFound(String name, String version) {
        return new KeyVaultError(404, "SecretNotFound", "A secret with (name/id) " + name + "/" + version
                + " was not found in this key vault.");
    }
}
