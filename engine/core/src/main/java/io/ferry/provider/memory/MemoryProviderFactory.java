package io.ferry.provider.memory;

import io.ferry.spi.Constraints;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Opens {@link MemoryProvider}s for URIs {@code memory:[NAME][?emulate=STORE]}.
 *
 * <p>{@code memory:NAME} opens the store of that name, created on first use and shared by every
 * provider opened on it in this JVM, so that a test or a REPL session can open it twice;
 * {@code memory:} alone opens a fresh private store. {@code emulate=SCHEME} makes the store declare
 * and enforce the {@link ProviderFactory#constraints() constraints} that the adapter of that scheme
 * declares ({@code aws}, {@code azure}, {@code vault}, {@code k8s} or {@code kubernetes},
 * {@code local}, or any other adapter on the class path that declares its rules); a named store
 * keeps the emulation it was created with. {@code softDelete=true} keeps deleted secrets
 * recoverable, as Azure Key Vault and AWS Secrets Manager do, so that a runbook's
 * {@code onSoftDeleted} choice can be rehearsed. {@code changeLog=N} sets how many of the latest changes its change feed keeps (10000 by
 * default) when the store is created; a cursor older than that expires.
 */
public final class MemoryProviderFactory implements ProviderFactory {

    /** The option that picks the emulated store. */
    public static final String EMULATE = "emulate";
    /** The option that keeps deleted secrets recoverable. */
    public static final String SOFT_DELETE = "softDelete";
    /** The option that sets how many of the latest changes the change feed keeps (default 10000). */
    public static final String CHANGE_LOG = "changeLog";

    private static final int DEFAULT_CHANGE_LOG = 10_000;
    private static final Set<String> OPTIONS = Set.of(EMULATE, SOFT_DELETE, CHANGE_LOG);
    private static final ConcurrentMap<String, MemoryStore> NAMED = new ConcurrentHashMap<>();

    /** Creates the factory; no work happens until {@link #open}. */
    public MemoryProviderFactory() {
    }

    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public String description() {
        return "an in-process store for tests and rehearsals: memory:[NAME][?emulate="
                + String.join("|", ProviderRegistry.load().emulations()) + "][&softDelete=true]";
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        for (String option : spec.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "' in " + spec.toUri()
                        + "; the memory provider takes: " + String.join(", ", OPTIONS));
            }
        }
        String emulate = spec.options().get(EMULATE);
        Constraints constraints = emulate == null ? Constraints.lenient("memory store") : emulated(emulate, spec);
        String emulation = emulate == null ? null : constraints.store();
        boolean softDelete = Boolean.parseBoolean(spec.option(SOFT_DELETE, "false"));
        int changeLog = changeLog(spec);
        String name = spec.location();
        if (name.isEmpty()) {
            return new MemoryProvider(spec, new MemoryStore(constraints, emulation, softDelete, changeLog));
        }
        MemoryStore store = NAMED.computeIfAbsent(name, n -> new MemoryStore(constraints, emulation, softDelete, changeLog));
        if (!constraints.store().equals(store.constraints().store())) {
            throw new IllegalArgumentException("memory store '" + name + "' is already open as "
                    + (store.emulation() == null ? "a plain memory store" : "an emulation of " + store.emulation())
                    + " in this JVM; open it with the same emulate option, or use another name");
        }
        return new MemoryProvider(spec, store);
    }

    private static int changeLog(ProviderSpec spec) {
        String given = spec.options().get(CHANGE_LOG);
        if (given == null) {
            return DEFAULT_CHANGE_LOG;
        }
        try {
            int n = Integer.parseInt(given);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the valid range
        }
        throw new IllegalArgumentException("option changeLog in " + spec.toUri() + " must be a whole number of at least 1, not '"
                + given + "'");
    }

    private static Constraints emulated(String emulate, ProviderSpec spec) {
        ProviderRegistry registry = ProviderRegistry.load();
        try {
            return registry.emulation(emulate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown value '" + emulate + "' for option emulate in " + spec.toUri()
                    + "; valid values: " + String.join(", ", registry.emulations()), e);
        }
    }
}
