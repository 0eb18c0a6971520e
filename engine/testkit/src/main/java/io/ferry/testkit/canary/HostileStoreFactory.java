package io.ferry.testkit.canary;

import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Opens {@link HostileStore}s for URIs {@code hostile:INNER-URI?fail=write,delete&throw=foreign},
 * for example {@code hostile:memory:source?fail=read}. {@code fail} lists the operations that fail
 * (read, list, write, delete, health; write by default); {@code throw} is {@code foreign} (an
 * exception of the store's own, the default) or {@code provider} (a {@link io.ferry.spi.ProviderException}
 * with a quoting cause). The inner store is opened without options.
 *
 * <p>Not registered by the test kit itself, which ships with the command line's emulators: a test
 * module that wants it lists this class in its own
 * {@code src/test/resources/META-INF/services/io.ferry.spi.ProviderFactory}.
 */
public final class HostileStoreFactory implements ProviderFactory {

    /** Creates the factory; no work happens until {@link #open}. */
    public HostileStoreFactory() {
    }

    @Override
    public String scheme() {
        return "hostile";
    }

    @Override
    public String description() {
        return "a test store whose failures quote what they were sent: hostile:INNER-URI?fail=read,list,write,delete,health"
                + "&throw=foreign|provider";
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        Set<HostileStore.Operation> failing = EnumSet.noneOf(HostileStore.Operation.class);
        for (String op : spec.option("fail", "write").split(",")) {
            if (!op.isBlank()) {
                failing.add(HostileStore.Operation.valueOf(op.strip().toUpperCase(Locale.ROOT)));
            }
        }
        String thrown = spec.option("throw", "foreign");
        if (!thrown.equals("foreign") && !thrown.equals("provider")) {
            throw new IllegalArgumentException("throw is foreign or provider in " + spec.toUri());
        }
        SecretProvider inner = ProviderRegistry.load().open(spec.location(), context);
        return new HostileStore(spec, inner, failing, thrown.equals("provider"));
    }
}
