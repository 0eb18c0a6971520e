package io.ferry.transforms;

import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformFactory;
import java.util.Map;
import java.util.Set;

/**
 * {@code k8s-safe-names}: encodes keys as Kubernetes object names (DNS subdomains: {@code [a-z0-9.-]},
 * at most 253 characters, starting and ending with a letter or digit, no {@code .} or {@code -} next to
 * another). Lower-case ASCII letters and digits stay, except {@code z}, which becomes {@code zz}. A
 * {@code /} becomes {@code .} and a {@code -} stays, when both sit between two other characters;
 * otherwise they, and every other character (upper case, {@code .}, {@code _}, spaces, non-ASCII),
 * become {@code z<hex>z} with the code point in lower-case hex: {@code A} is {@code z41z}, {@code .}
 * is {@code z2ez}. Hex digits never include {@code z}, so decoding is unambiguous and exact.
 */
public final class K8sSafeNamesTransform extends NameEncoding {

    static final int MAX_LENGTH = 253;

    /** @param decode false to encode keys into Kubernetes names, true to turn such names back into keys */
    public K8sSafeNamesTransform(boolean decode) {
        super("k8s-safe-names", "Kubernetes", MAX_LENGTH, decode);
    }

    @Override
    String escape(String key) {
        int[] cps = key.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean inside = i > 0 && i < cps.length - 1 && !isJoiner(cps[i - 1]) && !isJoiner(cps[i + 1]);
            if ((c >= 'a' && c < 'z') || (c >= '0' && c <= '9')) {
                out.appendCodePoint(c);
            } else if (c == 'z') {
                out.append("zz");
            } else if (c == '/' && inside) {
                out.append('.');
            } else if (c == '-' && inside) {
                out.append('-');
            } else {
                out.append('z').append(Integer.toHexString(c)).append('z');
            }
        }
        return out.toString();
    }

    private static boolean isJoiner(int c) {
        return c == '/' || c == '-';
    }

    @Override
    boolean unescape(String name, StringBuilder out) {
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '.') {
                out.append('/');
                i++;
            } else if (c != 'z') {
                out.append(c);
                i++;
            } else if (i + 1 < name.length() && name.charAt(i + 1) == 'z') {
                out.append('z');
                i += 2;
            } else {
                i = HexEscape.decode(name, i, 'z', out);
                if (i < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    NameEncoding direction(boolean decodes) {
        return new K8sSafeNamesTransform(decodes);
    }

    /** Creates {@code k8s-safe-names}; it takes no arguments. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "k8s-safe-names";
        }

        @Override
        public String description() {
            return "reversibly encode keys as Kubernetes names ([a-z0-9.-], / -> ., z -> zz, other characters -> z<hex>z, so 'A' -> z41z); no arguments";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            new TransformArguments(name(), arguments, Set.of());
            return new K8sSafeNamesTransform(false);
        }
    }
}
