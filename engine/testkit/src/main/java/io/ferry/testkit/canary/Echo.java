package io.ferry.testkit.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What a careless store answers a request with: an error message that quotes what it was sent in
 * every {@link Encoding}, the whole request and each string in it, a string holding JSON searched
 * again and a string holding Base64 decoded first (an AWS {@code SecretString} of JSON, a
 * {@code SecretBinary}, a Kubernetes Secret's {@code data}). A message built this way holds a value
 * in every form a {@link Canary} looks for.
 */
public final class Echo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 4;

    private Echo() {
    }

    /**
     * @param sent the bytes a request carried
     * @return a message that echoes them in every encoding
     */
    public static String of(byte[] sent) {
        List<byte[]> parts = new ArrayList<>();
        collect(sent, parts, 0);
        StringBuilder message = new StringBuilder("the request was refused; it said:");
        for (byte[] part : parts) {
            for (Encoding encoding : Encoding.values()) {
                message.append(' ').append(encoding.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(encoding.apply(part));
            }
            message.append(" nested={\"request\":{\"body\":\"").append(Encoding.JSON_ESCAPED.apply(part)).append("\"}}");
        }
        return message.toString();
    }

    /**
     * @param sent the text a request carried
     * @return a message that echoes it in every encoding
     */
    public static String of(String sent) {
        return of(sent.getBytes(StandardCharsets.UTF_8));
    }

    private static void collect(byte[] bytes, List<byte[]> parts, int depth) {
        parts.add(bytes);
        if (depth >= MAX_DEPTH) {
            return;
        }
        JsonNode json = json(bytes);
        if (json != null && json.isContainerNode()) {
            strings(json, parts, depth);
            return;
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.length() >= 8 && text.matches("[A-Za-z0-9+/=_-]+")) {
            try {
                collect(Base64.getMimeDecoder().decode(text.replace('-', '+').replace('_', '/')), parts, depth + 1);
            } catch (IllegalArgumentException notBase64) {
                // Not every word of letters is Base64; then it has been echoed as it is already.
            }
        }
    }

    private static void strings(JsonNode node, List<byte[]> parts, int depth) {
        if (node.isTextual()) {
            collect(node.asText().getBytes(StandardCharsets.UTF_8), parts, depth + 1);
        } else {
            node.forEach(child -> strings(child, parts, depth));
        }
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return bytes.length == 0 ? null : JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }
}
