package io.ferry.testkit.server.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.testkit.server.WireResponse;

/**
 * A refusal of the API server, answered as a {@code Status} object with the HTTP status as its code,
 * as the real server answers: {@code {"kind":"Status","status":"Failure","reason":"NotFound",...}}.
 * Messages name objects and fields, never a value.
 */
final class ApiStatus extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int code;
    private final String reason;
    private final String name;

    ApiStatus(int code, String reason, String message, String name) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.name = name;
    }

    static ApiStatus notFound(String name) {
        return new ApiStatus(404, "NotFound", "secrets \"" + name + "\" not found", name);
    }

    static ApiStatus alreadyExists(String name) {
        return new ApiStatus(409, "AlreadyExists", "secrets \"" + name + "\" already exists", name);
    }

    static ApiStatus conflict(String name) {
        return new ApiStatus(409, "Conflict", "Operation cannot be fulfilled on secrets \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again", name);
    }

    static ApiStatus invalid(String name, String cause) {
        return new ApiStatus(422, "Invalid", "Secret \"" + name + "\" is invalid: " + cause, name);
    }

    static ApiStatus badRequest(String message) {
        return new ApiStatus(400, "BadRequest", message, null);
    }

    static ApiStatus expired(String message) {
        return new ApiStatus(410, "Expired", message, null);
    }

    /** @return the Status object */
    ObjectNode toJson() {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", getMessage()).put("reason", reason);
        if (name != null) {
            status.putObject("details").put("name", name).put("kind", "secrets");
        }
        status.put("code", code);
        return status;
    }

    /** @return the answer */
    WireResponse toResponse() {
        return WireResponse.of(code, "application/json", toJson().toString());
    }

    int code() {
        return code;
    }
}
