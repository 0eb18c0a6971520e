package io.ferry.transforms;

import io.ferry.transform.Transform;
import io.ferry.transform.TransformFactory;
import java.util.Map;
import java.util.Set;

/**
 * {@code azure-safe-names}: encodes keys into what Azure Key Vault accepts, {@code [0-9a-zA-Z-]}, 1 to
 * 127 characters. Letters and digits stay; {@code /} becomes {@code --}; every other character,
 * {@code -} included, becomes {@code -hex-} with its code point in lower-case hex ({@code .} is
 * {@code -2e-}, {@code -} is {@code -2d-}). Reading left to right, a {@code -} followed by {@code -}
 * is a slash and a {@code -} followed by hex digits is one character, so the encoding is unambiguous
 * and the inverse decodes it exactly. Azure compares names without regard to case, so keys that
 * differ only in case meet at one name, which the planner reports as a conflict.
 */
public final class AzureSafeNamesTransform extends KeyMapping {

    static final int MAX_LENGTH = 127;

    private final boolean decode;

    /** @param decode false to encode keys into Azure names, true to turn such names back into keys */
    public AzureSafeNamesTransform(boolean decode) {
        this.decode = decode;
    }

    @Override
    public String name() {
        return decode ? "azure-safe-names (inverse)" : "azure-safe-names";
    }

    @Override
    String map(String key) {
        return decode ? decode(key) : encode(key);
    }

    private static String encode(String key) {
        String out = escape(key);
        if (out.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("azure-safe-names: key " + key + " encodes to " + out.length()
                    + " characters; Azure allows " + MAX_LENGTH + "; shorten it with rename first");
        }
        return out;
    }

    private static String escape(String key) {
        StringBuilder out = new StringBuilder();
        key.codePoints().forEach(c -> {
            if (c < 128 && Character.isLetterOrDigit(c)) {
                out.appendCodePoint(c);
            } else if (c == '/') {
                out.append("--");
            } else {
                out.append('-').append(Integer.toHexString(c)).append('-');
            }
        });
        return out.toString();
    }

    private static String decode(String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c != '-') {
                if (!(c < 128 && Character.isLetterOrDigit(c))) {
                    throw notEncoded(name);
                }
                out.append(c);
                i++;
            } else if (i + 1 < name.length() && name.charAt(i + 1) == '-') {
                out.append('/');
                i += 2;
            } else {
                i = HexEscape.decode(name, i, '-', out);
                if (i < 0) {
                    throw notEncoded(name);
                }
            }
        }
        // Azure folds case, so hex digits may come back in upper case; anything else non-canonical was not ours.
        if (!escape(out.toString()).equalsIgnoreCase(name)) {
            throw notEncoded(name);
        }
        return out.toString();
    }

    private static IllegalArgumentException notEncoded(String name) {
        return new IllegalArgumentException("azure-safe-names (inverse): name " + name
                + " is not in the azure-safe-names encoding; it was not written by azure-safe-names");
    }

    @Override
    public boolean reversible() {
        return true;
    }

    @Override
    public Transform inverse() {
        return new AzureSafeNamesTransform(!decode);
    }

    /** Creates {@code azure-safe-names}; it takes no arguments. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "azure-safe-names";
        }

        @Override
        public String description() {
            return "reversibly encode keys as Azure Key Vault names ([0-9a-zA-Z-], / -> --, other characters -> -hex-, so '.' -> -2e-, '-' -> -2d-); no arguments";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            new Arguments(name(), arguments, Set.of());
            return new AzureSafeNamesTransform(false);
        }
    }
}
