package io.ferry.cli;

import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry providers}: the store adapters on the class path, by URI scheme. */
@Command(name = "providers", description = "Lists the kinds of store Ferry can read and write, by URI scheme.")
final class ProvidersCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ProviderFactory> factories = ProviderRegistry.load().factories();
        if (factories.isEmpty()) {
            out.println("no providers on the class path");
        }
        int width = factories.stream().mapToInt(f -> f.scheme().length()).max().orElse(0) + 1;
        for (ProviderFactory f : factories) {
            out.printf("%-" + width + "s  %s%n", f.scheme() + ":", f.description());
        }
        out.flush();
        return 0;
    }
}
