package io.ferry.cli;

import io.ferry.cli.host.Host;
import io.ferry.dsl.TransformCatalog;
import io.ferry.transform.TransformRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir DIR}: where transform scripts are looked up, as {@code DIR/transforms/NAME.groovy}. */
final class TransformOptions {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Also use the transform scripts in DIR/transforms, as a runbook in DIR would.")
    Path dir;

    /** @return the built-ins, and the scripts under --dir when given */
    TransformCatalog catalog(Host host) {
        TransformRegistry registry = TransformRegistry.load();
        return dir == null ? TransformCatalog.of(registry) : TransformCatalog.of(registry, host.resolve(dir));
    }
}
