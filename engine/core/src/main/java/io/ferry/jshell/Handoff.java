package io.ferry.jshell;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes the runbook a JShell script built out to the compiler. JShell runs the snippets in this JVM
 * but in its own thread and class loader, and reports values only as text; the script's last snippet,
 * added by the compiler, hands the object over here under a one-time token. Public only because the
 * snippets call it.
 */
public final class Handoff {

    private static final Map<String, Object> WAITING = new ConcurrentHashMap<>();

    private Handoff() {
    }

    /**
     * @param token the compilation's token
     * @param value what the script built
     */
    public static void give(String token, Object value) {
        WAITING.put(token, value);
    }

    static Object take(String token) {
        return WAITING.remove(token);
    }
}
