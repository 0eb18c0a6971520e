package io.ferry.support

import io.ferry.dsl.RunbookCompiler
import io.ferry.transform.TransformRegistry

import java.nio.file.Path

/** The program a saga kill test starts in a child JVM: runs the procedure runbook file it is given, in that directory. */
class ProcedureChild {

    static void main(String[] args) {
        Path dir = Path.of(args[0])
        def engine = new EngineFixture(dir)
        try {
            def runbook = new RunbookCompiler(TransformRegistry.load()).compile(dir.resolve(args[1]))
            def result = engine.ferry.run(runbook)
            println "finished ${result.runId()} ${result.status()}"
        } finally {
            engine.close()
        }
    }
}
