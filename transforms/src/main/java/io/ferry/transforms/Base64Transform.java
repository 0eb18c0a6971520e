package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code base64}: encodes values as standard Base64 with padding, or decodes them. Each is the other's
 * inverse. Decoding refuses anything that encoding would not have written (line breaks, missing
 * padding, URL-safe letters), so that decoding and encoding again gives back the same bytes.
 */
public final class Base64Transform implements Transform {

    private final boolean decode;

    /** @param decode true to decode, false to encode */
    public Base64Transform(boolean decode) {
        this.decode = decode;
    }

    @Override
    public String name() {
        return "base64";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        byte[] bytes = record.value().bytes();
        byte[] out;
        if (decode) {
            try {
                out = Base64.getDecoder().decode(bytes);
            } catch (IllegalArgumentException e) {
                throw notBase64(record);
            }
            if (!Base64.getEncoder().encodeToString(out).equals(new String(bytes, StandardCharsets.ISO_8859_1))) {
                throw notBase64(record);
            }
        } else {
            out = Base64.getEncoder().encode(bytes);
        }
        return List.of(record.toBuilder().value(SecretValue.ofOwnedBytes(out)).build());
    }

    private static IllegalArgumentException notBase64(SecretRecord record) {
        return new IllegalArgumentException("base64: the value of " + record.key()
                + " is not padded standard Base64; decode only values that were encoded that way");
    }

    @Override
    public boolean reversible() {
        return true;
    }

    @Override
    public Transform inverse() {
        return new Base64Transform(!decode);
    }

    /** Creates {@code base64} from {@code mode}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "base64";
        }

        @Override
        public String description() {
            return "Base64-encode values or decode them, reversibly: mode: 'encode' (or 'decode')";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("mode"));
            return new Base64Transform(args.choice("mode", "encode", "decode").equals("decode"));
        }
    }
}
