package io.ferry.provider.file;

import io.ferry.secret.SecretRecord;
import io.ferry.spi.Constraints;
import io.ferry.spi.ProviderException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One way of writing secrets in a file: how to read its entries, with their lines, how to write
 * them back, and which keys and values it can hold.
 */
interface FileFormat {

    /** @return the format's name for messages, for example {@code dotenv} */
    String name();

    /** @return the keys and values this format can hold */
    Constraints constraints();

    /**
     * What the format cannot hold beyond what its {@link Constraints} say (binary values in a text
     * format, control characters where it has no escape for them).
     *
     * @param record a record as it would be written
     * @return the problems, naming the rule but never the value
     */
    List<String> violations(SecretRecord record);

    /**
     * Why the key cannot join the keys a file holds, where the format's shape forbids it (a key
     * that is both a value and a folder of another in a nested document).
     *
     * @param key the key to add
     * @param keys the keys already there
     * @return the reason, or empty
     */
    default Optional<String> clash(String key, Collection<String> keys) {
        return Optional.empty();
    }

    /**
     * The entry a record becomes in this format: what reading the written file gives back, so that
     * a write's version and the value read afterwards agree. Nothing the format cannot hold
     * survives: tags never, a content type only where the shape carries it.
     *
     * @param record the record, which {@link #violations} accepted
     * @param line the line of the entry it replaces, or 0
     * @return the entry
     */
    Entry entry(SecretRecord record, int line);

    /**
     * Why a file cannot be written back from its entries alone, where it holds more than entries
     * (documents of other kinds in a manifest), so that rewriting it would lose them.
     *
     * @param text the file's content
     * @param file the file, for messages
     * @return the reason and the fix, or empty
     */
    default Optional<String> rewriteRefusal(String text, Path file) {
        return Optional.empty();
    }

    /**
     * Reads a file's entries in document order.
     *
     * @param text the file's content
     * @param file the file, for messages
     * @return the entries
     * @throws ProviderException of kind INVALID for a malformed file or a key given twice, naming
     *     the file, the line and the column but nothing of the content
     */
    List<Entry> read(String text, Path file);

    /**
     * Writes entries as a file's content.
     *
     * @param entries the entries, in the order they are to appear
     * @return the file's content
     */
    String write(List<Entry> entries);
}
