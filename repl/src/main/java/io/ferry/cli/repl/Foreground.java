package io.ferry.cli.repl;

import io.ferry.cli.host.Interrupts;
import io.ferry.run.Cancellation;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs what a line asks for on a worker thread while the shell waits for it, so that Ctrl-C can
 * stop the work and keep the shell: a run, rollback or retry is asked to stop at its next batch
 * through the engine's {@link Cancellation}, so that its journal stays consistent and the run can
 * be resumed; anything else (a Groovy loop, a listing) is interrupted. One thread runs every line,
 * so the shell's variables are never used by two at once.
 */
final class Foreground implements Interrupts, AutoCloseable {

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ferry-repl-line");
        t.setDaemon(true);
        return t;
    });
    private final List<Cancellation> cancellations = new CopyOnWriteArrayList<>();
    private final AtomicInteger presses = new AtomicInteger();
    private final PrintWriter screen;
    private volatile Thread running;
    private volatile Runnable stopper = () -> { };

    /** @param screen where to say that the work is stopping */
    Foreground(PrintWriter screen) {
        this.screen = screen;
    }

    /**
     * Runs the work and waits for it to end, however it ends.
     *
     * @param work what the line asks for; it reports its own failures
     */
    void run(Runnable work) {
        presses.set(0);
        Future<?> done = worker.submit(() -> {
            running = Thread.currentThread();
            try {
                work.run();
            } finally {
                running = null;
                // An interrupt that came too late to stop this line must not stop the next one.
                Thread.interrupted();
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                done.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error error) {
                    throw error;
                }
                throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts work that prepares for the lines to come (warming up a compiler) without waiting for
     * it; the first line waits for it to end, since one thread runs both.
     *
     * @param preparation work whose failure only means the first line does it itself
     */
    void prepare(Runnable preparation) {
        worker.submit(() -> {
            try {
                preparation.run();
            } catch (RuntimeException | LinkageError ignored) {
                // The line that needs what failed here does it again and reports the failure then.
            }
        });
    }

    /** Ctrl-C while a line runs; nothing happens when none does. */
    void interrupt() {
        Thread line = running;
        if (line == null) {
            return;
        }
        if (cancellations.isEmpty()) {
            stopper.run();
            line.interrupt();
            return;
        }
        cancellations.forEach(Cancellation::cancel);
        screen.println(presses.incrementAndGet() == 1
                ? "stopping after the current batch; the journal stays consistent and the run can be resumed"
                : "still stopping: waiting for the current batch to end");
        screen.flush();
    }

    /** @param stop what else stops a line, such as JShell's own stop; replaces the one before */
    void alsoStopWith(Runnable stop) {
        stopper = stop;
    }

    @Override
    public Watch watch(Cancellation cancellation, PrintWriter err) {
        cancellations.add(cancellation);
        return () -> cancellations.remove(cancellation);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
