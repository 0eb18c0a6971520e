package io.ferry.support

import io.ferry.api.FerryException

import java.nio.file.Path

/** The program a lock test starts in a child JVM: migrates DIR/runbooks and exits with the exit code. */
class MigrateChild {

    static void main(String[] args) {
        Path dir = Path.of(args[0])
        def engine = new EngineFixture(dir)
        int code
        try {
            def result = engine.ferry.migrations(dir.resolve('runbooks')).migrate(null)
            println "migrated ${result.applied().size()} ${result.exitCode()}"
            code = result.exitCode().code()
        } catch (FerryException e) {
            println "refused: ${e.message}"
            code = e.exitCode().code()
        } finally {
            engine.close()
        }
        System.exit(code)
    }
}
