package io.ferry.cli;

import io.ferry.api.Ferry;
import io.ferry.api.RunResult;
import picocli.CommandLine.Command;

/** {@code ferry resume RUN}: continues an interrupted or stopped run from its journal. */
@Command(name = "resume",
        description = {
                "Continues a run that was interrupted or stopped, from its journal.",
                "Nothing already written is written again; failed writes are tried again.",
                "Ctrl-C stops at the next batch; resume again later."})
final class ResumeCommand extends RunIdCommand {

    @Override
    RunResult carryOut(Ferry ferry, String runId) {
        return ferry.resume(runId);
    }
}
