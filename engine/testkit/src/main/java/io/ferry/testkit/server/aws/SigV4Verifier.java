package io.ferry.testkit.server.aws;

import io.ferry.testkit.server.WireRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 on a request, as Secrets Manager does: it rebuilds the canonical
 * request from the signed headers and the body, derives the signing key from the secret key of the
 * access key named in the credential scope, and compares signatures. It knows a set of access keys
 * and a set of session tokens that have expired.
 */
final class SigV4Verifier {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");

    private final Map<String, String> secretKeys = new ConcurrentHashMap<>();
    private final Set<String> expiredTokens = ConcurrentHashMap.newKeySet();

    void allow(String accessKey, String secretKey) {
        secretKeys.put(accessKey, secretKey);
    }

    void expire(String sessionToken) {
        expiredTokens.add(sessionToken);
    }

    /**
     * @param request the request as received
     * @throws AwsServiceError {@code MissingAuthenticationTokenException}, {@code UnrecognizedClientException},
     *     {@code ExpiredTokenException} or {@code InvalidSignatureException}, as Secrets Manager answers
     */
    void verify(WireRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            throw new AwsServiceError("MissingAuthenticationTokenException", "Request is missing Authentication Token");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            throw new AwsServiceError("IncompleteSignatureException", "Authorization header requires 'Credential', "
                    + "'Signature' and 'SignedHeaders' parameters of the AWS4-HMAC-SHA256 algorithm.");
        }
        String accessKey = m.group(1);
        String date = m.group(2);
        String region = m.group(3);
        String service = m.group(4);
        List<String> signedHeaders = List.of(m.group(5).split(";"));
        String signature = m.group(6);
        String secretKey = secretKeys.get(accessKey);
        if (secretKey == null) {
            throw new AwsServiceError("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        String sessionToken = request.header("X-Amz-Security-Token");
        if (sessionToken != null && expiredTokens.contains(sessionToken)) {
            throw new AwsServiceError("ExpiredTokenException", "The security token included in the request is expired");
        }
        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(date) || !signedHeaders.contains("host")) {
            throw new AwsServiceError("IncompleteSignatureException", "The request signature must cover the host header "
                    + "and an X-Amz-Date of the credential scope's day.");
        }
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest(request, signedHeaders)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new AwsServiceError("InvalidSignatureException", "The request signature we calculated does not match "
                    + "the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
    }

    private static String canonicalRequest(WireRequest request, List<String> signedHeaders) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method()).append('\n');
        canonical.append(request.path().isEmpty() ? "/" : request.path()).append('\n');
        canonical.append(canonicalQuery(request.query())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headers().getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            canonical.append(name).append(':')
                    .append(String.join(",", values.stream().map(v -> v.trim().replaceAll(" +", " ")).toList()))
                    .append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
        String payloadHash = request.header("X-Amz-Content-Sha256");
        canonical.append(payloadHash != null ? payloadHash : hex(sha256(request.body())));
        return canonical.toString();
    }

    private static String canonicalQuery(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> uriEncode(e.getKey()) + "=" + uriEncode(e.getValue()))
                .sorted()
                .reduce((a, b) -> a + "&" + b)
                .orElse("");
    }

    private static String uriEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
