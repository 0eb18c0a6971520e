package io.ferry.support

import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.run.ProgressListener
import io.ferry.spi.ProviderContext
import io.ferry.spi.pacing.Backoff
import io.ferry.state.ItemStatus

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * The program a cross-host test starts in a child JVM, as one machine of a team: its own working
 * directory, the state store and journal key as a CI job gets them (a PostgreSQL URL, and
 * {@code FERRY_JOURNAL_KEY}), {@code FERRY_HOST_ID} naming its host, and the stores at absolute
 * paths that every "host" reaches. {@code DIR STATE STORES run} starts {@link RunChild}'s slowed
 * run and, once execution has handled {@link #HOLD_AT} records, writes the file {@code DIR/paused}
 * and stops there for good, its lease renewed, until it is killed. {@code DIR STATE STORES resume RUN}
 * resumes the run. Either prints one line and exits with the command's exit code.
 */
class HostChild {

    static final int HOLD_AT = 1500

    static void main(String[] args) {
        Path dir = Path.of(args[0])
        String state = args[1]
        Path stores = Path.of(args[2])
        String command = args[3]
        Map<String, String> env = [FERRY_LOCAL_PASSPHRASE: EngineFixture.PASSPHRASE]
        ['FERRY_JOURNAL_KEY', 'FERRY_HOST_ID', 'FERRY_LEASE_DURATION'].each { name ->
            if (System.getenv(name) != null) {
                env[name] = System.getenv(name)
            }
        }
        Ferry ferry = Ferry.configure()
                .workingDirectory(dir)
                .state(state)
                .providerContext(new ProviderContext(dir, env, ProviderContext.PassphraseSource.none()))
                .backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)))
                .progress(command == 'run' ? holdingAt(dir) : ProgressListener.NONE)
                .actor(env.FERRY_HOST_ID ?: 'child')
                .load()
        int code
        try {
            def runbook = RunChild.runbook("local:${stores.resolve('source.db')}", "local:${stores.resolve('target.db')}")
            def result = command == 'run' ? ferry.run(runbook) : ferry.resume(args[4], runbook)
            println "finished ${result.runId()} ${result.status()} done=${result.count(ItemStatus.DONE)} matched=${result.validation()?.matched()}"
            code = result.exitCode().code()
        } catch (FerryException e) {
            println "ferry: ${e.message}"
            code = e.exitCode().code()
        } finally {
            ferry.close()
        }
        System.exit(code)
    }

    private static ProgressListener holdingAt(Path dir) {
        new ProgressListener() {
            void progress(String stage, long done, long total) {
                if (stage == 'execution' && done >= HOLD_AT) {
                    Files.writeString(dir.resolve('paused.tmp'), "$done")
                    Files.move(dir.resolve('paused.tmp'), dir.resolve('paused'))
                    while (true) {
                        Thread.sleep(1000)
                    }
                }
            }
        }
    }
}
