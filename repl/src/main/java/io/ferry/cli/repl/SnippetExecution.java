package io.ferry.cli.repl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell's snippets in the shell's own process, as JShell's {@code local} engine does, but
 * waits for the snippet alone: the local engine waits for every thread the snippet started, so a
 * line that starts background work ({@code store.startDraining(Duration.ofSeconds(30))}) would
 * hold the prompt until Ctrl-C, and lines typed meanwhile would be lost. Threads a snippet starts
 * go on in the background; Ctrl-C stops the snippet.
 */
final class SnippetExecution extends LocalExecutionControl {

    /** The engine's name, for {@code JShell.builder().executionEngine(...)}. */
    static final String NAME = "ferry-local";

    private final ThreadGroup group = new ThreadGroup("ferry-jshell");
    private volatile Thread snippet;
    private volatile boolean stopped;

    /** @return the engine that makes this execution control */
    static ExecutionControlProvider provider() {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return new SnippetExecution();
            }
        };
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        stopped = false;
        Thread thread = new Thread(group, () -> {
            try {
                result[0] = doit.invoke(null);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof ThreadDeath) {
                    stopped = true;
                } else {
                    failure[0] = e;
                }
            } catch (ThreadDeath e) {
                stopped = true;
            } catch (IllegalAccessException e) {
                failure[0] = e;
            }
        }, "ferry-jshell-snippet");
        snippet = thread;
        thread.start();
        try {
            thread.join();
        } finally {
            snippet = null;
        }
        if (stopped) {
            throw new StoppedException();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return valueString(result[0]);
    }

    /** Stops the snippet running, as the local engine does; what it started in the background goes on. */
    @Override
    @SuppressWarnings("deprecation")
    public void stop() {
        Thread thread = snippet;
        if (thread != null) {
            stopped = true;
            thread.stop();
        }
    }
}
