package io.ferry.cli.repl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes written as UTF-8 (to {@code System.out}, by JShell) passed on as text to a writer, the
 * shell's output filter: a character whose bytes come in separate writes is decoded whole.
 */
final class TextStream extends OutputStream {

    private final Writer out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    /** @param out where the text goes */
    TextStream(Writer out) {
        this.out = out;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws IOException {
        int at = off;
        int end = off + len;
        while (at < end) {
            int n = Math.min(pending.remaining(), end - at);
            pending.put(bytes, at, n);
            at += n;
            pending.flip();
            while (true) {
                boolean full = decoder.decode(pending, chars, false).isOverflow();
                chars.flip();
                out.write(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining());
                chars.clear();
                if (!full) {
                    break;
                }
            }
            pending.compact();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }
}
