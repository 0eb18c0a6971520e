package io.ferry.cli

import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Files
import java.nio.file.Path

/** A value planted in the source never shows in any output, log or file, except where asked for with get --reveal. */
class CanarySpec extends Specification {

    static final String CANARY = 'canary-51d0c2aa-must-never-print'

    @TempDir
    Path dir

    def "a canary value appears in no output, log, journal or audit line except get --reveal"() {
        given:
        def cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'canary-spec'])
        def source = 'local:source.db'
        def target = 'local:target.db'
        cli.write(source, SecretRecord.builder('app/other').text('other-value').build())
        def outputs = []
        def logs = new ByteArrayOutputStream()
        def stdout = System.out
        def stderr = System.err
        System.out = new PrintStream(logs, true)
        System.err = new PrintStream(logs, true)

        when:
        outputs << cli.runWithInput(CANARY + '\n', 'put', source, 'app/canary', '--tag', 'env=dev')
        def plan = cli.run('copy', source, target, '--dry-run')
        outputs << plan
        outputs << cli.run('apply', plan.runId())
        outputs << cli.run('show', plan.runId())
        outputs << cli.run('show', plan.runId(), '--output', 'json')
        outputs << cli.run('runs')
        outputs << cli.run('runs', '--output', 'json')
        outputs << cli.run('ls', target)
        outputs << cli.run('ls', target, '--output', 'json')
        outputs << cli.run('get', target, 'app/canary')
        cli.write(target, cli.read(target, 'app/canary').toBuilder().text(CANARY + '-changed').build())
        outputs << cli.run('diff', source, target)
        outputs << cli.run('diff', source, target, '--output', 'json')
        outputs << cli.run('copy', source, target, '--dry-run', '--on-existing', 'update', '--take-ownership', '--output', 'json')
        outputs << cli.run('rollback', plan.runId())
        outputs << cli.run('resume', plan.runId())
        def revealed = cli.run('get', source, 'app/canary', '--reveal')
        System.out = stdout
        System.err = stderr

        then:
        outputs.every { it.exitCode in [0, 1, 2] }
        outputs.each { assert !it.out.contains(CANARY) && !it.err.contains(CANARY): it.toString() }
        !logs.toString('UTF-8').contains(CANARY)
        Files.isRegularFile(dir.resolve('.ferry/state.db'))
        Files.isRegularFile(dir.resolve(".ferry/audit/${plan.runId()}.jsonl"))
        filesContaining(CANARY).isEmpty()
        filesContaining('app/canary').size() >= 2

        and: 'only get --reveal shows it'
        revealed.out.trim() == CANARY

        cleanup:
        System.out = stdout
        System.err = stderr
    }

    /** Reads bytes as Latin-1, which maps each byte to one char, so that binary files can be searched as text. */
    private List<Path> filesContaining(String text) {
        String needle = new String(text.getBytes('UTF-8'), 'ISO-8859-1')
        Files.walk(dir).withCloseable { files ->
            files.filter { Files.isRegularFile(it) }
                    .filter { new String(Files.readAllBytes(it), 'ISO-8859-1').contains(needle) }.toList()
        }
    }
}
