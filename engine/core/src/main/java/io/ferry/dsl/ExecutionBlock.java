package io.ferry.dsl;

import io.ferry.runbook.Backup;
import io.ferry.runbook.Execution;
import io.ferry.runbook.OnError;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Stage;

/** The delegate of {@code execution { }}: how the run writes. Defaults are those of {@link Execution#defaults()}. */
public final class ExecutionBlock extends StageBlock {

    private Execution execution = Execution.defaults();

    ExecutionBlock(Evaluation evaluation, Runbook.Builder runbook) {
        super(Stage.EXECUTION, evaluation, runbook);
    }

    /** @param writers writes in flight at once, 1 to 256 */
    public void concurrency(int writers) {
        evaluation().attempt(() -> execution = new Execution(writers, execution.retries(), execution.onError(),
                execution.batchSize(), execution.writesPerSecond(), execution.backup()));
    }

    /** @param times retries of a retryable failure, 0 to 100 */
    public void retries(int times) {
        evaluation().attempt(() -> execution = new Execution(execution.concurrency(), times, execution.onError(),
                execution.batchSize(), execution.writesPerSecond(), execution.backup()));
    }

    /** @param choice {@code skip}, {@code stop} (the default) or {@code flag} */
    public void onError(String choice) {
        evaluation().attempt(() -> execution = new Execution(execution.concurrency(), execution.retries(),
                OnError.of(choice), execution.batchSize(), execution.writesPerSecond(), execution.backup()));
    }

    /** @param records records journaled per transaction, at least 1 */
    public void batchSize(int records) {
        evaluation().attempt(() -> execution = new Execution(execution.concurrency(), execution.retries(),
                execution.onError(), records, execution.writesPerSecond(), execution.backup()));
    }

    /** @param rate a cap on writes per second; 0 for none */
    public void writesPerSecond(double rate) {
        evaluation().attempt(() -> execution = new Execution(execution.concurrency(), execution.retries(),
                execution.onError(), execution.batchSize(), rate, execution.backup()));
    }

    /**
     * @param stores {@code target}, {@code source}, {@code both} or {@code none} (the default): take a
     *     restore point of them before the first write
     */
    public void backup(String stores) {
        evaluation().attempt(() -> execution = execution.withBackup(Backup.of(stores)));
    }

    Execution execution() {
        return execution;
    }
}
