package io.ferry.cli.manual;

import java.util.Locale;

/**
 * Text made safe for a troff page: what a command's description says is printed as it is, never
 * read as a request, an escape or a hyphen that the formatter may turn into a dash or break at.
 */
final class Troff {

    private Troff() {
    }

    /**
     * @param text text for one line of a page, or part of one
     * @return the text with backslashes and hyphen-minus signs escaped, other characters outside
     *     printable ASCII named by their code point, and control characters dropped
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append("\\e");
            } else if (c == '-') {
                out.append("\\-");
            } else if (c == '\t') {
                out.append(' ');
            } else if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else if (!Character.isISOControl(c)) {
                out.append("\\[u").append(String.format(Locale.ROOT, "%04X", c)).append(']');
            }
        });
        return out.toString();
    }

    /**
     * @param text text that starts a line of the page
     * @return the escaped text, guarded so that a leading {@code .} or {@code '} is not taken for a
     *     request and a leading space does not break the filled paragraph
     */
    static String line(String text) {
        String escaped = escape(text.strip());
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    /**
     * @param text an argument of a macro, such as the title of {@code .TH}
     * @return the escaped text, double quotes included, so that it stays one argument
     */
    static String argument(String text) {
        return "\"" + escape(text).replace("\"", "\\(dq") + "\"";
    }

    /** @return the text in bold */
    static String bold(String text) {
        return "\\fB" + escape(text) + "\\fR";
    }

    /** @return the text in italics */
    static String italic(String text) {
        return "\\fI" + escape(text) + "\\fR";
    }
}
