package io.ferry.cli

import com.fasterxml.jackson.databind.ObjectMapper
import io.ferry.cli.host.Host
import io.ferry.secret.SecretRecord
import io.ferry.spi.pacing.RateLimiter.Operation
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.vault.VaultServer
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A run into a Vault that throttles writes above 20 a second (its rate-limit quota answers 429 with
 * Retry-After), through the real adapter against the wire-level test server: the report counts the
 * throttled answers the server gave, and the progress line says the store was throttled; no value
 * reaches either.
 */
class ThrottledRunSpec extends Specification {

    static final String CANARY = 'canary-3f9e-throttled-run'

    @AutoCleanup
    VaultServer vault = new VaultServer(new ServerKnobs().quota(Operation.WRITE, 20)).start(0) as VaultServer

    @TempDir
    Path dir

    def "the report and the progress line count the answers in which the store throttled the run"() {
        given:
        def cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'throttled-run', VAULT_TOKEN: VaultServer.ROOT_TOKEN])
        cli.terminal = new Host.Terminal() {
            boolean interactive() { false }

            boolean stderrIsTerminal() { true }

            String ask(String prompt) { null }

            char[] askSecret(String prompt) { null }
        }
        cli.write('local:source.db', (1..30).collect { SecretRecord.ofText("app/k$it", "$CANARY-$it") } as SecretRecord[])
        def target = "vault:${vault.endpoint()}/secret?prefix=run/&rate.attempts=30".toString()

        when:
        def run = cli.run('copy', 'local:source.db', target, '--yes')

        then: 'every record arrived, though the store throttled the run'
        run.exitCode == 0
        vault.stats().throttled() > 0

        when:
        def reports = dir.resolve(".ferry/reports/${run.runId()}")
        def json = new ObjectMapper().readValue(reports.resolve('report.json').toFile(), Map)
        def stored = json.stores.find { it.role == 'target' }

        then: 'the target counts exactly the throttled answers the server gave, all of them to writes'
        stored.store == target
        stored.throttled == vault.stats().throttled()
        stored.lanes.find { it.operation == 'WRITE' }.throttled == vault.stats().throttled()
        stored.lanes.find { it.operation == 'WRITE' }.limitedBy in ['ADAPTIVE', 'CAP']
        stored.lanes.find { it.operation == 'WRITE' }.calls >= 30 + vault.stats().throttled()
        stored.lanes.find { it.operation == 'WRITE' }.peakPace >= 200
        stored.waitedSeconds >= 1
        json.summary.written == 30

        and: 'the local source paces nothing and has no line'
        json.stores*.role == ['target']

        and: 'each stage has its records and rate'
        json.stages.find { it.stage == 'execution' }.records == 30
        json.stages.every { it.recordsPerSecond >= 0 }

        and: 'the line that closes execution says the target was throttled, as often as the report says'
        run.err.readLines().any {
            it.contains("execution: 30 records in ") && it.contains("; target vault write ") && it.contains(", ${stored.throttled} throttled")
        }

        and: 'no value reached the output or the report'
        !run.out.contains(CANARY)
        !run.err.contains(CANARY)
        !Files.readString(reports.resolve('report.json')).contains(CANARY)
        !Files.readString(reports.resolve('report.html')).contains(CANARY)
    }
}
