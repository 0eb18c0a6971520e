package io.ferry.provider.folder;

import io.ferry.spi.Constraints;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderFactory;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.SecretProvider;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Opens {@link FolderProvider}s for {@code folder:PATH[?plaintext=true]}: a directory, relative to
 * the working directory, created owner-only when missing. The files hold values unencrypted, so the
 * provider writes only with {@code plaintext=true}, the user's consent, as the {@code file:} store does.
 */
public final class FolderProviderFactory implements ProviderFactory {

    /** The option that accepts writing values unencrypted. */
    public static final String PLAINTEXT = "plaintext";

    private static final Set<String> OPTIONS = Set.of(PLAINTEXT);

    /** Creates the factory; no work happens until {@link #open}. */
    public FolderProviderFactory() {
    }

    @Override
    public String scheme() {
        return "folder";
    }

    @Override
    public String description() {
        return "a directory of JSON files, one per secret, unencrypted and owner-only: folder:PATH[?plaintext=true]";
    }

    @Override
    public Optional<Constraints> constraints() {
        return Optional.of(FolderConstraints.of());
    }

    @Override
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        for (String option : spec.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "' in " + spec.toUri()
                        + "; the folder provider takes: " + String.join(", ", OPTIONS));
            }
        }
        if (spec.location().isBlank()) {
            throw new IllegalArgumentException("'" + spec.toUri() + "' names no directory; write folder:PATH, for example "
                    + "folder:secrets");
        }
        Path directory = context.workingDirectory().resolve(spec.location());
        return new FolderProvider(spec, new SecretFiles(directory), Boolean.parseBoolean(spec.option(PLAINTEXT, "false")));
    }
}
