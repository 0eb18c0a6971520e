package io.ferry.transforms;

/**
 * Reads the {@code <marker>HEX<marker>} escapes that the reversible name encodings write for
 * characters a target forbids ({@code -2e-} for '.' in Azure names, {@code z41z} for 'A' in
 * Kubernetes names).
 */
final class HexEscape {

    /** The longest code point in hex: U+10FFFF. */
    private static final int MAX_DIGITS = 6;

    private HexEscape() {
    }

    /**
     * Decodes the escape that opens at {@code start} and appends its character.
     *
     * @param name the encoded name
     * @param start the position of the opening marker
     * @param marker the character that opens and closes an escape
     * @param out where the decoded character goes
     * @return the position after the closing marker, or -1 when there is no well-formed escape there
     */
    static int decode(String name, int start, char marker, StringBuilder out) {
        int end = name.indexOf(marker, start + 1);
        if (end < 0 || end == start + 1 || end - start - 1 > MAX_DIGITS) {
            return -1;
        }
        try {
            out.appendCodePoint(Integer.parseInt(name.substring(start + 1, end), 16));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return end + 1;
    }
}
