package io.ferry.transforms;

import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
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
public final class AzureSafeNamesTransform extends NameEncoding {

    static final int MAX_LENGTH = 127;

    /** @param decode false to encode keys into Azure names, true to turn such names back into keys */
    public AzureSafeNamesTransform(boolean decode) {
        super("azure-safe-names", "Azure", MAX_LENGTH, decode);
    }

    @Override
    String escape(String key) {
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

    @Override
    boolean unescape(String name, StringBuilder out) {
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c != '-') {
                if (!(c < 128 && Character.isLetterOrDigit(c))) {
                    return false;
                }
                out.append(c);
                i++;
            } else if (i + 1 < name.length() && name.charAt(i + 1) == '-') {
                out.append('/');
                i += 2;
            } else {
                i = HexEscape.decode(name, i, '-', out);
                if (i < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Azure folds case, so hex digits may come back in upper case. */
    @Override
    boolean sameName(String a, String b) {
        return a.equalsIgnoreCase(b);
    }

    @Override
    NameEncoding direction(boolean decodes) {
        return new AzureSafeNamesTransform(decodes);
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
            new TransformArguments(name(), arguments, Set.of());
            return new AzureSafeNamesTransform(false);
        }
    }
}
