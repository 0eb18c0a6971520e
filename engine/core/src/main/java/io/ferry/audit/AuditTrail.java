package io.ferry.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.files.PrivateFiles;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One run's audit trail, a JSON Lines file opened for appending only: lines are added, never
 * rewritten, and a resumed run appends to the same file. Fingerprints are keyed per run, so the
 * trail can be shown to an auditor without exposing values. Thread-safe.
 */
public final class AuditTrail implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final String runId;
    private final String actor;
    private final OutputStream out;

    private AuditTrail(Path file, String runId, String actor, OutputStream out) {
        this.file = file;
        this.runId = runId;
        this.actor = actor;
        this.out = out;
    }

    /**
     * @param directory the audit directory
     * @param runId the run
     * @param actor who acts, recorded on every line
     * @return the trail, appending to {@code DIRECTORY/RUN.jsonl}
     */
    public static AuditTrail open(Path directory, String runId, String actor) {
        Path file = directory.resolve(runId + ".jsonl");
        try {
            // Buffered: the engine flushes after each journaled batch, so a crash loses at most the
            // lines of the batch in flight, which the journal itself still holds.
            OutputStream out = new BufferedOutputStream(PrivateFiles.openAppend(file), 64 * 1024);
            return new AuditTrail(file, runId, actor, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit trail " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * Appends one event.
     *
     * @param stage the stage
     * @param key the key concerned, or null for a run-level event
     * @param action the planned action or the operation, or null
     * @param outcome what happened
     * @param fingerprint the keyed fingerprint of the value concerned, or null
     * @param detail a reason or error, never a value; or null
     */
    public void record(String stage, String key, String action, String outcome, String fingerprint, String detail) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.now().toString());
            g.writeStringField("run", runId);
            g.writeStringField("actor", actor);
            g.writeStringField("stage", stage);
            if (key != null) {
                g.writeStringField("key", key);
            }
            if (action != null) {
                g.writeStringField("action", action);
            }
            g.writeStringField("outcome", outcome);
            if (fingerprint != null) {
                g.writeStringField("fingerprint", fingerprint);
            }
            if (detail != null) {
                g.writeStringField("detail", detail);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.write('\n');
        synchronized (this) {
            try {
                line.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the audit trail " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Pushes buffered lines to the file; called at the end of each journaled batch. */
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit trail " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit trail " + file + ": " + e.getMessage(), e);
        }
    }
}
