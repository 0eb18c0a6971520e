package io.ferry.testkit.canary;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A secret value planted to prove that it leaks nowhere, and the search for it. The value holds a
 * quote, a slash and a plus, so that its JSON-escaped, nested-JSON and URL-encoded forms differ from
 * it; {@link #findIn} looks for every {@link Encoding} of it, Base64 at each of the three byte
 * alignments it can have inside a longer encoded text.
 *
 * <pre>{@code
 * def canary = Canary.create()
 * store.write(SecretRecord.ofText('app/db', canary.json()), ...)
 * ... run the command ...
 * canary.findIn('stderr', result.err).isEmpty()
 * canary.findIn(workingDirectory).isEmpty()
 * }</pre>
 */
public final class Canary {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;
    private final byte[] bytes;
    private final List<Needle> needles;

    private Canary(String value) {
        this.value = value;
        this.bytes = value.getBytes(StandardCharsets.UTF_8);
        this.needles = needles(bytes);
    }

    /** @return a new canary with a random part, so that no two tests share one */
    public static Canary create() {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return new Canary("cnry\"" + HexFormat.of().formatHex(random) + "/+x");
    }

    /** @return the value */
    public String value() {
        return value;
    }

    /** @return the value as UTF-8 bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * @return a JSON secret that holds the canary in a nested field, {@code {"db":{"port":"<canary>"}}}:
     *     what a transform reads with {@code rec.json.db.port}
     */
    public String json() {
        return "{\"db\":{\"host\":\"db.internal\",\"port\":\"" + Encoding.JSON_ESCAPED.apply(bytes) + "\"}}";
    }

    /**
     * @param key the record's key
     * @param shape how the record holds the canary
     * @return a record holding it
     */
    public SecretRecord record(String key, Shape shape) {
        return switch (shape) {
            case TEXT -> SecretRecord.ofText(key, value);
            case NESTED_JSON -> SecretRecord.builder(key).text(json()).contentType(SecretRecord.JSON).build();
            case BINARY -> {
                byte[] binary = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, binary, 0, bytes.length);
                binary[bytes.length] = (byte) 0xFF;
                yield SecretRecord.builder(key).value(SecretValue.ofBytes(binary)).build();
            }
        };
    }

    /**
     * @param where a name for the text, reported with each finding
     * @param text the text to search
     * @return where the canary appears in it, in which forms; empty when nowhere
     */
    public List<Finding> findIn(String where, String text) {
        return text == null ? List.of() : findIn(where, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param where a name for the data, reported with each finding
     * @param data the bytes to search, such as a file's or a database's
     * @return where the canary appears in them, in which forms; empty when nowhere
     */
    public List<Finding> findIn(String where, byte[] data) {
        // Latin-1 maps each byte to one char, so that binary data can be searched as text.
        String haystack = new String(data, StandardCharsets.ISO_8859_1);
        Set<Encoding> found = new LinkedHashSet<>();
        for (Needle needle : needles) {
            if (haystack.contains(needle.text())) {
                found.add(needle.encoding());
            }
        }
        return found.stream().map(e -> new Finding(where, e)).toList();
    }

    /**
     * @param fileOrDirectory a file, or a directory searched with everything under it
     * @return where the canary appears, file by file; empty when nowhere
     */
    public List<Finding> findIn(Path fileOrDirectory) {
        List<Finding> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(fileOrDirectory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                findings.addAll(findIn(file.toString(), Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + fileOrDirectory + " for the canary", e);
        }
        return findings;
    }

    @Override
    public String toString() {
        return "Canary[***]";
    }

    /** How a record holds the canary. */
    public enum Shape {
        /** The value is the canary. */
        TEXT,
        /** The value is {@link #json()}, a JSON object holding the canary in a nested field. */
        NESTED_JSON,
        /** The value is binary: the canary's bytes and a byte that is no UTF-8, so stores carry it as Base64. */
        BINARY
    }

    /** A form of the canary found somewhere. */
    public record Finding(String where, Encoding encoding) {
    }

    private record Needle(Encoding encoding, String text) {
    }

    private static List<Needle> needles(byte[] value) {
        List<Needle> needles = new ArrayList<>();
        for (Encoding encoding : Encoding.values()) {
            if (encoding == Encoding.BASE64 || encoding == Encoding.BASE64_URL) {
                Base64.Encoder encoder = encoding == Encoding.BASE64 ? Base64.getEncoder() : Base64.getUrlEncoder();
                for (int offset = 0; offset < 3; offset++) {
                    needles.add(new Needle(encoding, latin1(aligned(encoder, value, offset))));
                }
            } else {
                needles.add(new Needle(encoding, latin1(encoding.apply(value))));
            }
        }
        return needles;
    }

    /**
     * The Base64 characters that depend on the value's bytes alone when it starts {@code offset} bytes
     * into a longer text: the ones any encoding of a text holding the value contains.
     */
    private static String aligned(Base64.Encoder encoder, byte[] value, int offset) {
        byte[] shifted = new byte[offset + value.length];
        System.arraycopy(value, 0, shifted, offset, value.length);
        String encoded = encoder.encodeToString(shifted);
        int first = (8 * offset + 5) / 6;
        int end = 8 * (offset + value.length) / 6;
        return encoded.substring(first, end);
    }

    private static String latin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
