package io.ferry.provider.file;

import io.ferry.spi.ProviderException;
import java.nio.file.Path;

/**
 * Builds the one-line errors about a secrets file from its path, a location and what was expected
 * there, never from the file's content: a parser's own message may quote the offending line, which
 * may hold a value, so it is never passed on, and neither is the parser's exception.
 */
final class FileProblem {

    private FileProblem() {
    }

    /**
     * @param file the file
     * @param format the format's name, for example {@code JSON}
     * @param line the line, 1-based
     * @param column the column, 1-based
     * @param expected what was expected there, in words that quote nothing from the file
     * @return the error, of kind {@link ProviderException.Kind#INVALID}
     */
    static ProviderException malformed(Path file, String format, int line, int column, String expected) {
        return new ProviderException(ProviderException.Kind.INVALID, null, file + ":" + line + ":" + column
                + ": not valid " + format + ": " + expected + "; fix the file at line " + line + ", column " + column);
    }

    /**
     * @param file the file
     * @param key the key found twice
     * @param firstLine where it was first given
     * @param secondLine where it was given again
     * @return the error, of kind {@link ProviderException.Kind#INVALID}
     */
    static ProviderException duplicate(Path file, String key, int firstLine, int secondLine) {
        return new ProviderException(ProviderException.Kind.INVALID, key, file + ":" + secondLine + ": the key '" + key
                + "' is given twice, at lines " + firstLine + " and " + secondLine
                + "; keep one of them, since Ferry will not guess which one is meant");
    }
}
