package io.ferry.cli;

import picocli.CommandLine.Option;

/** The {@code --output} option of the commands whose results scripts read. */
final class OutputOption {

    /** How results are written; lower case, as typed and as listed in the help. */
    enum Format {
        /** For people. */
        text,
        /** One JSON document on standard output, for scripts. */
        json
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "How to write the result: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    boolean json() {
        return format == Format.json;
    }
}
