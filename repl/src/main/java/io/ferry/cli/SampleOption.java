package io.ferry.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --sample N} option of the commands that show a plan: N planned records of each action. */
final class SampleOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private int perAction;

    @Option(names = "--sample", paramLabel = "N",
            description = {"Show the first N planned records of each action as they will be written: keys, metadata and",
                    "the value masked (its size, kind and fingerprint), to check a mapping before it runs."})
    void perAction(String n) {
        int parsed;
        try {
            parsed = Integer.parseInt(n.strip());
        } catch (NumberFormatException e) {
            parsed = 0;
        }
        if (parsed < 1) {
            throw new ParameterException(mixee.commandLine(), "--sample takes a whole number of records of at least 1, not '"
                    + n + "'; for example --sample 3");
        }
        this.perAction = parsed;
    }

    /** @return how many records of each action to show, 0 when not asked */
    int perAction() {
        return perAction;
    }
}
