package io.ferry.runbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum of a runbook's text, independent of line endings and of a byte-order mark, so that
 * a checkout on another system does not count as an edit.
 */
public final class RunbookChecksum {

    private RunbookChecksum() {
    }

    /**
     * @param file a runbook file
     * @return its checksum, 16 hex digits of SHA-256 over the normalised text
     */
    public static String of(Path file) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runbook " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param text a runbook's text
     * @return its checksum
     */
    public static String of(String text) {
        String normalised = (text.startsWith("\uFEFF") ? text.substring(1) : text).replace("\r\n", "\n").replace('\r', '\n');
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
