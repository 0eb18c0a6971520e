package io.ferry.state;

import io.ferry.crypto.DecryptionException;
import io.ferry.crypto.Aead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal of a procedure run: each step's status, the items of each {@code forEach}, and each
 * scope's variables. Items and variables are sealed with the run's data key, bound to the run and
 * the scope, so neither is ever stored in clear. Every change is one transaction, so a crash leaves
 * each step either recorded complete (with the variables it set) or not.
 */
public final class StepJournal {

    private final RunJournal run;
    private final StateStore store;
    private final Sql sql;
    private final Aead cipher;

    private StepJournal(RunJournal run) {
        this.run = run;
        this.store = run.store();
        this.sql = new Sql(store);
        this.cipher = run.stepCipher();
    }

    /**
     * @param run the run's journal
     * @return the journal of its steps
     */
    public static StepJournal of(RunJournal run) {
        return new StepJournal(run);
    }

    /** @return the run's journal */
    public RunJournal run() {
        return run;
    }

    /**
     * An item of a {@code forEach}, as journaled.
     *
     * @param key its key
     * @param json its JSON text, which may hold secrets and is sealed in the journal
     */
    public record Item(String key, String json) {
    }

    /**
     * @param element the {@code forEach}'s position in the procedure
     * @return its items in order, or null when they were not journaled yet
     */
    public List<Item> items(int element) {
        synchronized (store) {
            List<Item> items = new ArrayList<>();
            boolean[] any = {false};
            query("SELECT idx, item_key, sealed FROM ferry_step_items WHERE run_id = ? AND element = ? ORDER BY idx", ps -> {
                ps.setString(1, run.runId());
                ps.setInt(2, element);
            }, rs -> {
                while (rs.next()) {
                    any[0] = true;
                    String key = rs.getString(2);
                    byte[] plain = open(rs.getBytes(3), "item/" + element + "/" + rs.getInt(1));
                    items.add(new Item(key, new String(plain, StandardCharsets.UTF_8)));
                }
            });
            return any[0] ? items : null;
        }
    }

    /**
     * Journals the items of a {@code forEach} in one transaction; an empty list is journaled as found.
     *
     * @param element the {@code forEach}'s position in the procedure
     * @param items its items
     */
    public void saveItems(int element, List<Item> items) {
        synchronized (store) {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ferry_step_items (run_id, element, idx, item_key, sealed) VALUES (?, ?, ?, ?, ?)")) {
                    // Index -1 marks "found, and there were none", which differs from "not found yet".
                    List<Item> rows = items.isEmpty() ? List.of(new Item("", "null")) : items;
                    int start = items.isEmpty() ? -1 : 0;
                    for (int i = 0; i < rows.size(); i++) {
                        int idx = start + i;
                        ps.setString(1, run.runId());
                        ps.setInt(2, element);
                        ps.setInt(3, idx);
                        ps.setString(4, rows.get(i).key());
                        ps.setBytes(5, seal(rows.get(i).json().getBytes(StandardCharsets.UTF_8), "item/" + element + "/" + idx));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            });
        }
    }

    /** @return every step of the run, in the order they first started */
    public List<StepRecord> steps() {
        synchronized (store) {
            List<StepRecord> steps = new ArrayList<>();
            query("SELECT * FROM ferry_steps WHERE run_id = ? ORDER BY seq", ps -> ps.setString(1, run.runId()), rs -> {
                while (rs.next()) {
                    steps.add(new StepRecord(rs.getString("scope"), rs.getString("step"), rs.getLong("seq"),
                            rs.getInt("batch"), rs.getString("item_key"), StepStatus.valueOf(rs.getString("status")),
                            rs.getInt("attempts"), instant(rs.getString("started_at")), instant(rs.getString("finished_at")),
                            rs.getString("error")));
                }
            });
            return steps;
        }
    }

    /**
     * Records that a step starts, before it runs.
     *
     * @param scope its scope
     * @param step its name
     * @param batch its batch
     * @param itemKey its item's key, or null
     */
    public void started(String scope, String step, int batch, String itemKey) {
        synchronized (store) {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO ferry_steps (run_id, scope, step, seq, batch, item_key, status, attempts, started_at)
                        VALUES (?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM ferry_steps WHERE run_id = ?), ?, ?, 'STARTED', 1, ?)
                        ON CONFLICT (run_id, scope, step) DO UPDATE SET status = 'STARTED', attempts = attempts + 1,
                          started_at = excluded.started_at, finished_at = NULL, error = NULL""")) {
                    ps.setString(1, run.runId());
                    ps.setString(2, scope);
                    ps.setString(3, step);
                    ps.setString(4, run.runId());
                    ps.setInt(5, batch);
                    ps.setString(6, itemKey);
                    ps.setString(7, Instant.now().toString());
                    ps.executeUpdate();
                }
            });
        }
    }

    /**
     * Records a step complete together with its scope's variables, in one transaction.
     *
     * @param scope its scope
     * @param step its name
     * @param variables the scope's variables after the step
     */
    public void completed(String scope, String step, Map<String, String> variables) {
        synchronized (store) {
            inTransaction(c -> {
                finish(c, scope, step, StepStatus.COMPLETED, null);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT OR REPLACE INTO ferry_step_variables (run_id, scope, sealed) VALUES (?, ?, ?)")) {
                    ps.setString(1, run.runId());
                    ps.setString(2, scope);
                    ps.setBytes(3, seal(encode(variables), "variables/" + scope));
                    ps.executeUpdate();
                }
            });
        }
    }

    /**
     * @param scope its scope
     * @param step its name
     * @param status {@link StepStatus#FAILED}, {@link StepStatus#UNDONE} or {@link StepStatus#UNDO_FAILED}
     * @param error why, masked, or null
     */
    public void finished(String scope, String step, StepStatus status, String error) {
        synchronized (store) {
            inTransaction(c -> finish(c, scope, step, status, error));
        }
    }

    private void finish(Connection c, String scope, String step, StepStatus status, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE ferry_steps SET status = ?, finished_at = ?, error = ? WHERE run_id = ? AND scope = ? AND step = ?""")) {
            ps.setString(1, status.name());
            ps.setString(2, Instant.now().toString());
            ps.setString(3, error);
            ps.setString(4, run.runId());
            ps.setString(5, scope);
            ps.setString(6, step);
            ps.executeUpdate();
        }
    }

    /**
     * @param scope a scope
     * @return its variables as the last completed step left them, empty when none
     */
    public Map<String, String> variables(String scope) {
        synchronized (store) {
            Map<String, String> variables = new LinkedHashMap<>();
            query("SELECT sealed FROM ferry_step_variables WHERE run_id = ? AND scope = ?", ps -> {
                ps.setString(1, run.runId());
                ps.setString(2, scope);
            }, rs -> {
                if (rs.next()) {
                    variables.putAll(decode(open(rs.getBytes(1), "variables/" + scope)));
                }
            });
            return variables;
        }
    }

    private byte[] seal(byte[] plain, String what) {
        return cipher.seal(plain, Aead.ad(run.runId() + "/" + what));
    }

    private byte[] open(byte[] sealed, String what) {
        try {
            return cipher.open(sealed, Aead.ad(run.runId() + "/" + what));
        } catch (DecryptionException e) {
            throw new StateException("the journaled " + what + " of run " + run.runId()
                    + " does not decrypt; the state store was altered or the row was moved");
        }
    }

    private static byte[] encode(Map<String, String> variables) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(variables.size());
            for (Map.Entry<String, String> e : variables.entrySet()) {
                out.writeUTF(e.getKey());
                byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
                out.writeInt(value.length);
                out.write(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> decode(byte[] bytes) {
        Map<String, String> variables = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                variables.put(name, new String(value, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new StateException("journaled step variables of run are unreadable; the state store may be corrupt");
        }
        return variables;
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private void inTransaction(Sql.Work work) {
        sql.inTransaction("write the step journal of run " + run.runId(), work);
    }

    private void query(String statement, Sql.Binder binder, Sql.Rows reader) {
        sql.read("read the step journal of run " + run.runId(), statement, binder, reader);
    }
}
