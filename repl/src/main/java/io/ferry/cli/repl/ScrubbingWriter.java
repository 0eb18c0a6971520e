package io.ferry.cli.repl;

import io.ferry.internal.Redactor;
import io.ferry.secret.SecretRecord;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.function.Supplier;

/**
 * The shell's {@code out} for {@code println} in Groovy: masks the values of the records this
 * session has read, so that {@code println rec.value.text} does not show one by accident (only
 * {@code reveal} does, on purpose). Each write is scrubbed on its own: a value printed in pieces
 * by separate writes is not recognised, which is why the result of a line is scrubbed whole.
 */
final class ScrubbingWriter extends FilterWriter {

    private final Supplier<SecretRecord[]> records;

    ScrubbingWriter(Writer out, Supplier<SecretRecord[]> records) {
        super(out);
        this.records = records;
    }

    @Override
    public void write(String text, int off, int len) throws IOException {
        String scrubbed = Redactor.scrub(text.substring(off, off + len), records.get());
        out.write(scrubbed, 0, scrubbed.length());
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        write(new String(chars, off, len), 0, len);
    }
}
