package io.ferry.state;

import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * Serialises a whole record (value and metadata) to a compact binary form and back, for the
 * journal's images, which are encrypted before they are stored. Binary rather than JSON because
 * every planned record is encoded once and decoded once or twice, on the hot path of a run.
 */
final class RecordCodec {

    private static final byte FORMAT = 1;

    private RecordCodec() {
    }

    static byte[] encode(SecretRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + record.value().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(record.key());
            byte[] value = record.value().bytes();
            out.writeInt(value.length);
            out.write(value);
            writeNullable(out, record.contentType());
            writeNullable(out, record.version());
            writeInstant(out, record.createdAt());
            writeInstant(out, record.updatedAt());
            writeInstant(out, record.expiresAt());
            writeMap(out, record.tags());
            writeMap(out, record.attributes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise record " + record.key(), e);
        }
        return bytes.toByteArray();
    }

    static SecretRecord decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                throw new IOException("unknown image format");
            }
            SecretRecord.Builder b = SecretRecord.builder(in.readUTF());
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            b.value(SecretValue.ofOwnedBytes(value))
                    .contentType(readNullable(in))
                    .version(readNullable(in))
                    .createdAt(readInstant(in))
                    .updatedAt(readInstant(in))
                    .expiresAt(readInstant(in));
            int tags = in.readInt();
            for (int i = 0; i < tags; i++) {
                b.tag(in.readUTF(), readNullable(in));
            }
            int attributes = in.readInt();
            for (int i = 0; i < attributes; i++) {
                b.attribute(in.readUTF(), readNullable(in));
            }
            return b.build();
        } catch (IOException | RuntimeException e) {
            throw new StateException("a journaled record image is unreadable; the state store may be corrupt");
        }
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            writeNullable(out, e.getValue());
        }
    }
}
