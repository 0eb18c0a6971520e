package io.ferry.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal of a procedure run: each step's status, the items of each {@code forEach}, and each
 * scope's variables. Items and variables are sealed with the run's data key, bound to the run and
 * the scope, so neither is ever stored in clear. Every change is one transaction, so a crash leaves
 * each step either recorded complete (with the variables it set) or not. Obtained from
 * {@link RunJournal#steps()}.
 */
public final class StepJournal {

    private final Database db;
    private final RunJournal run;
    private final Sealer sealer;
    private final StepDao steps;
    private final StepItemDao items;
    private final StepVariableDao variables;

    StepJournal(Database db, RunJournal run, Sealer sealer) {
        this.db = db;
        this.run = run;
        this.sealer = sealer;
        this.steps = new StepDao(db, run.runId());
        this.items = new StepItemDao(db, run.runId());
        this.variables = new StepVariableDao(db, run.runId());
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
        List<StepItemDao.Row> rows = items.of(element);
        if (rows.isEmpty()) {
            return null;
        }
        List<Item> found = new ArrayList<>();
        for (StepItemDao.Row row : rows) {
            byte[] plain = open(row.sealed(), "item/" + element + "/" + row.idx());
            if (row.idx() >= 0) {
                found.add(new Item(row.key(), new String(plain, StandardCharsets.UTF_8)));
            }
        }
        return found;
    }

    /**
     * Journals the items of a {@code forEach} in one transaction; an empty list is journaled as found.
     *
     * @param element the {@code forEach}'s position in the procedure
     * @param items its items
     */
    public void saveItems(int element, List<Item> items) {
        // Index -1 marks "found, and there were none", which differs from "not found yet".
        List<Item> listed = items.isEmpty() ? List.of(new Item("", "null")) : items;
        int start = items.isEmpty() ? -1 : 0;
        List<StepItemDao.Row> rows = new ArrayList<>(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            int idx = start + i;
            rows.add(new StepItemDao.Row(idx, listed.get(i).key(),
                    seal(listed.get(i).json().getBytes(StandardCharsets.UTF_8), "item/" + element + "/" + idx)));
        }
        this.items.insert(element, rows);
    }

    /** @return every step of the run, in the order they first started */
    public List<StepRecord> steps() {
        return steps.all();
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
        steps.started(scope, step, batch, itemKey);
    }

    /**
     * Records a step complete together with its scope's variables, in one transaction.
     *
     * @param scope its scope
     * @param step its name
     * @param variables the scope's variables after the step
     */
    public void completed(String scope, String step, Map<String, String> variables) {
        db.inTransaction("write the step journal of run " + run.runId(), () -> {
            steps.finished(scope, step, StepStatus.COMPLETED, null);
            this.variables.put(scope, seal(encode(variables), "variables/" + scope));
        });
    }

    /**
     * @param scope its scope
     * @param step its name
     * @param status {@link StepStatus#FAILED}, {@link StepStatus#UNDONE} or {@link StepStatus#UNDO_FAILED}
     * @param error why, masked, or null
     */
    public void finished(String scope, String step, StepStatus status, String error) {
        steps.finished(scope, step, status, error);
    }

    /**
     * @param scope a scope
     * @return its variables as the last completed step left them, empty when none
     */
    public Map<String, String> variables(String scope) {
        Map<String, String> found = new LinkedHashMap<>();
        variables.of(scope).ifPresent(sealed -> found.putAll(decode(open(sealed, "variables/" + scope))));
        return found;
    }

    private byte[] seal(byte[] plain, String what) {
        return sealer.seal(plain, run.runId() + "/" + what);
    }

    private byte[] open(byte[] sealed, String what) {
        return sealer.open(sealed, run.runId() + "/" + what, () -> "the journaled " + what + " of run " + run.runId()
                + " does not decrypt; the state store was altered or the row was moved");
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

}
