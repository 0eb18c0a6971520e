package io.ferry.testkit.server.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ferry.spi.pacing.RateLimiter.Operation;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireRequest;
import io.ferry.testkit.server.WireResponse;
import io.ferry.testkit.server.WireServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * AWS Secrets Manager over its real wire protocol, AWS JSON 1.1: {@code POST /} with
 * {@code X-Amz-Target: secretsmanager.<Operation>} and {@code Content-Type: application/x-amz-json-1.1},
 * signed with Signature Version 4, which the server verifies against the access keys it knows.
 * Errors are HTTP 400 with {@code {"__type":"...","message":"..."}} (500 {@code InternalServiceError}
 * for injected failures); over its quota it answers 400 {@code ThrottlingException} "Rate exceeded".
 *
 * <p>It knows the access key {@value #ACCESS_KEY} with the secret key {@value #SECRET_KEY} from the
 * start; {@link #allow} adds others and {@link #expire} marks a session token as expired. Given a TLS
 * context it speaks HTTPS, to rehearse a custom CA ({@code ca=}). Calls are
 * classed for quotas as Secrets Manager's own quotas are: reads (GetSecretValue, DescribeSecret,
 * BatchGetSecretValue, ListSecretVersionIds), listings (ListSecrets) and writes (everything else).
 */
public final class AwsSecretsManagerServer extends WireServer {

    /** The access key the server knows from the start. */
    public static final String ACCESS_KEY = "AKIAFERRYTEST0000001";
    /** The secret key of {@link #ACCESS_KEY}. */
    public static final String SECRET_KEY = "ferry-test-secret-key";

    private static final String JSON_11 = "application/x-amz-json-1.1";
    private static final Pattern REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/");

    private final SSLContext tls;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SigV4Verifier verifier = new SigV4Verifier();
    private final SecretsManagerStore store = new SecretsManagerStore();
    private final Map<String, BiFunction<JsonNode, String, ObjectNode>> operations = Map.ofEntries(
            Map.entry("CreateSecret", store::createSecret),
            Map.entry("GetSecretValue", (in, region) -> store.getSecretValue(in)),
            Map.entry("BatchGetSecretValue", (in, region) -> store.batchGetSecretValue(in)),
            Map.entry("PutSecretValue", (in, region) -> store.putSecretValue(in)),
            Map.entry("UpdateSecret", (in, region) -> store.updateSecret(in)),
            Map.entry("DescribeSecret", (in, region) -> store.describeSecret(in)),
            Map.entry("ListSecrets", (in, region) -> store.listSecrets(in)),
            Map.entry("ListSecretVersionIds", (in, region) -> store.listSecretVersionIds(in)),
            Map.entry("DeleteSecret", (in, region) -> store.deleteSecret(in)),
            Map.entry("RestoreSecret", (in, region) -> store.restoreSecret(in)),
            Map.entry("TagResource", (in, region) -> store.tagResource(in)),
            Map.entry("UntagResource", (in, region) -> store.untagResource(in)),
            Map.entry("UpdateSecretVersionStage", (in, region) -> store.updateSecretVersionStage(in)));

    /**
     * @param knobs latency, faults and quotas
     */
    public AwsSecretsManagerServer(ServerKnobs knobs) {
        this(knobs, null);
    }

    /**
     * @param knobs latency, faults and quotas
     * @param tls the context to serve HTTPS with, whose key manager holds the server's certificate;
     *     null for plain HTTP
     */
    public AwsSecretsManagerServer(ServerKnobs knobs, SSLContext tls) {
        super("AWS Secrets Manager", knobs);
        this.tls = tls;
        verifier.allow(ACCESS_KEY, SECRET_KEY);
    }

    /**
     * Lets another access key in.
     *
     * @param accessKey the access key id
     * @param secretKey its secret key, with which requests are signed
     * @return this server
     */
    public AwsSecretsManagerServer allow(String accessKey, String secretKey) {
        verifier.allow(accessKey, secretKey);
        return this;
    }

    /**
     * Marks a session token as expired: requests that carry it get {@code ExpiredTokenException}.
     *
     * @param sessionToken the token sent as {@code X-Amz-Security-Token}
     * @return this server
     */
    public AwsSecretsManagerServer expire(String sessionToken) {
        verifier.expire(sessionToken);
        return this;
    }

    /** @return the secrets the server holds, for tests to inspect */
    public SecretsManagerStore store() {
        return store;
    }

    @Override
    protected HttpServer bind(InetSocketAddress address) throws IOException {
        if (tls == null) {
            return super.bind(address);
        }
        HttpsServer https = HttpsServer.create(address, 128);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        return https;
    }

    @Override
    protected String scheme() {
        return tls == null ? "http" : "https";
    }

    @Override
    protected Operation classify(WireRequest request) {
        return switch (operation(request)) {
            case "GetSecretValue", "DescribeSecret", "BatchGetSecretValue", "ListSecretVersionIds" -> Operation.READ;
            case "ListSecrets" -> Operation.LIST;
            default -> Operation.WRITE;
        };
    }

    @Override
    protected WireResponse handle(WireRequest request) {
        try {
            if (!request.method().equals("POST") || !request.path().equals("/")) {
                throw new AwsServiceError("UnknownOperationException", 404, "Secrets Manager takes POST / only");
            }
            BiFunction<JsonNode, String, ObjectNode> operation = operations.get(operation(request));
            if (operation == null) {
                throw new AwsServiceError("UnknownOperationException", "Unknown operation " + request.header("X-Amz-Target"));
            }
            verifier.verify(request);
            JsonNode in = request.body().length == 0 ? mapper.createObjectNode() : mapper.readTree(request.body());
            if (in == null || !in.isObject()) {
                throw new AwsServiceError("SerializationException", "The request body is not a JSON object.");
            }
            return json(200, operation.apply(in, region(request)));
        } catch (AwsServiceError e) {
            return error(e.status(), e.type(), e.getMessage());
        } catch (IOException e) {
            return error(400, "SerializationException", "The request body is not valid JSON.");
        }
    }

    @Override
    protected WireResponse throttled(WireRequest request) {
        return error(400, "ThrottlingException", "Rate exceeded");
    }

    @Override
    protected WireResponse serverError(WireRequest request) {
        return error(500, "InternalServiceError", "An error occurred on the server side.");
    }

    @Override
    protected WireResponse refusedEchoing(WireRequest request, String echo) {
        return error(400, "ValidationException", echo);
    }

    private static String operation(WireRequest request) {
        String target = request.header("X-Amz-Target");
        return target != null && target.startsWith("secretsmanager.") ? target.substring("secretsmanager.".length()) : "";
    }

    private static String region(WireRequest request) {
        String authorization = request.header("Authorization");
        Matcher m = authorization == null ? null : REGION.matcher(authorization);
        return m != null && m.find() ? m.group(1) : "us-east-1";
    }

    private WireResponse json(int status, ObjectNode body) {
        try {
            return WireResponse.of(status, JSON_11, mapper.writeValueAsString(body))
                    .with("x-amzn-RequestId", UUID.randomUUID().toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response could not be written as JSON", e);
        }
    }

    private WireResponse error(int status, String type, String message) {
        ObjectNode body = mapper.createObjectNode().put("__type", type).put("message", message);
        return json(status, body).with("x-amzn-ErrorType", type);
    }
}
