package io.ferry.cli

import io.ferry.cli.repl.ReplCanarySpec
import io.ferry.secret.SecretRecord
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/**
 * {@code ferry plan}, {@code run --dry-run} and {@code copy --dry-run} end with what applying the plan
 * will cost, at the target's quotas as its adapter paces them, and {@code --sample N} shows planned
 * records with their values masked; against the AWS wire-protocol test server and memory stores.
 */
class PlanEstimateSpec extends Specification {

    static final String CANARY = 'estimate-canary-3c9d71e0-never-shown'

    @TempDir
    Path dir

    @AutoCleanup
    AwsSecretsManagerServer server = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer

    FerryCli cli
    String source

    def setup() {
        cli = new FerryCli(dir, [AWS_ACCESS_KEY_ID    : AwsSecretsManagerServer.ACCESS_KEY,
                                 AWS_SECRET_ACCESS_KEY: AwsSecretsManagerServer.SECRET_KEY])
        source = "memory:estimate-src-${UUID.randomUUID()}"
        def records = [SecretRecord.builder('app/db').text(CANARY).tag('owner', 'dba').contentType('text/plain').build()] +
                (1..5).collect { SecretRecord.ofText("app/key-$it", "$CANARY-$it") }
        cli.write(source, records as SecretRecord[])
    }

    String aws(String options = '') {
        "aws:us-east-1/app/?endpoint=${server.endpoint()}${options}"
    }

    void runbook(String target, String extra = '') {
        Files.writeString(dir.resolve('V1__copy.groovy'), """
            runbook {
                source '$source'
                target '$target'
                discovery { include 'app/**' }
                $extra
            }
            """.stripIndent())
    }

    /** The lines from the estimate's heading to the line before "next:". */
    static List<String> estimate(String out) {
        def lines = out.readLines()
        int from = lines.findIndexOf { it.startsWith('  estimate:') }
        assert from >= 0: "no estimate in:\n$out"
        lines.subList(from, lines.findIndexOf(from) { it.startsWith('next:') })
    }

    def "plan ends with the records, the target's calls and their time at #pace"() {
        given:
        runbook(aws(options))

        when:
        def plan = cli.run('plan', 'V1__copy.groovy')

        then: 'the estimate comes last, before what to do next'
        plan.exitCode == 0
        def lines = estimate(plan.out)
        lines == ['  estimate:   what applying this plan will take',
                  '    records:  6 create, 0 update, 0 unchanged, 0 skip, 0 conflict, 0 invalid',
                  "    target:   ${aws(options)} (AWS Secrets Manager): 6 write calls, 6 read calls, 1 batch read call, 1 list call; $time at $pace".toString(),
                  "    total:    $time".toString()]
        plan.out.readLines().last() == "next: apply it with: ferry apply ${plan.runId()}"

        and: 'nothing was written'
        cli.keys(aws()).isEmpty()

        where: 'AWS\'s write quota, or the rate.write option that overrides it'
        options             || time             | pace
        ''                  || 'under a second' | "AWS Secrets Manager's 50 writes/s"
        '&rate.write=2'     || 'about 3 s'      | "AWS Secrets Manager's 2 writes/s"
        '&rate.write=0.05'  || 'about 2 min'    | "AWS Secrets Manager's 0.05 writes/s"
    }

    def "the runbook's cap on writes paces the estimate when it is slower than the store"() {
        given:
        runbook(aws(), "execution { writesPerSecond 0.1 }\nvalidation { compare 'none' }")

        when:
        def lines = estimate(cli.run('plan', 'V1__copy.groovy').out)

        then: '6 writes at 0.1 a second; no reads, since nothing is validated'
        lines[2].endsWith(': 6 write calls, 0 read calls; about 1 min at the runbook\'s cap of 0.1 writes/s')
        lines[3] == '    total:    about 1 min'
    }

    def "updates count the calls an update takes, and unchanged records only their reading back"() {
        given: 'the target already holds two of the records, one of them as the source has it'
        runbook(aws(), "planning { onExisting 'update' }")
        assert cli.run('copy', source, aws(), '--include', 'app/key-1', '--include', 'app/key-2', '--yes').exitCode == 0
        cli.write(source, SecretRecord.ofText('app/key-2', "$CANARY-changed"))

        when:
        def lines = estimate(cli.run('plan', 'V1__copy.groovy').out)

        then: '4 creates of one call; 1 update of a DescribeSecret and a PutSecretValue; 6 records read back'
        lines[1] == '    records:  4 create, 1 update, 1 unchanged, 0 skip, 0 conflict, 0 invalid'
        lines[2].contains(': 5 write calls, 7 read calls, 1 batch read call, 1 list call; under a second at AWS Secrets Manager\'s 50 writes/s')
    }

    def "a memory target is not paced, and run --dry-run and copy --dry-run end with the estimate too"() {
        given:
        def target = "memory:estimate-dst-${UUID.randomUUID()}"
        runbook(target)

        when:
        def run = cli.run('run', 'V1__copy.groovy', '--dry-run')
        def copy = cli.run('copy', source, target, '--dry-run')

        then:
        [run, copy].every { it.exitCode == 0 }
        estimate(run.out)[2] == "    target:   $target (memory): 6 write calls, 6 read calls, 1 list call; not paced, so as fast as the store answers"
        estimate(copy.out)[1] == '    records:  6 create, 0 update, 0 unchanged, 0 skip, 0 conflict, 0 invalid'
        estimate(run.out)[3] == '    total:    under a second'
    }

    def "a blocked plan has no estimate, since nothing of it will run"() {
        given: 'two records mapped to one name'
        runbook("memory:estimate-dst-${UUID.randomUUID()}", "transform { rec -> rec.key = 'app/same' }")

        when:
        def plan = cli.run('plan', 'V1__copy.groovy')

        then:
        plan.exitCode == 4
        !plan.out.contains('estimate:')
    }

    def "plan --output json holds the same numbers as the text"() {
        given:
        runbook(aws('&rate.write=2'))

        when:
        def doc = cli.run('plan', 'V1__copy.groovy', '--output', 'json').json()

        then:
        doc.estimate.records == [create: 6, update: 0, unchanged: 0, skip: 0, conflict: 0, invalid: 0]
        doc.estimate.stores.size() == 1
        with(doc.estimate.stores[0]) {
            role == 'target'
            uri == aws('&rate.write=2')
            store == 'AWS Secrets Manager'
            writes == 6
            reads == 6
            batchReads == 1
            lists == 1
            seconds >= 3.0 && seconds < 3.1
            pacedBy == [by: 'AWS Secrets Manager', calls: 'writes', perSecond: 2.0]
        }
        doc.estimate.seconds == doc.estimate.stores[0].seconds
        !doc.containsKey('sample')
    }

    def "--sample shows the first records of each action with their metadata and masked values"() {
        given: 'one record unchanged in the target, five to create'
        runbook(aws())
        assert cli.run('copy', source, aws(), '--include', 'app/db', '--yes').exitCode == 0

        when:
        def plan = cli.run('plan', 'V1__copy.groovy', '--sample', '2')
        def lines = plan.out.readLines()
        int from = lines.indexOf('  sample:     the first 2 of each action, as they will be written; values masked')

        then:
        plan.exitCode == 0
        from >= 0
        lines[from + 1] == '    create:'
        lines[from + 2] == '      app/key-1  (not in the target)'
        lines[from + 3] == '        content type: -; expires: -'
        lines[from + 4].startsWith('        tags:         ')
        lines[from + 6] ==~ /        value: +\*{8} \(${CANARY.length() + 2} bytes, text, fingerprint hmac:[0-9a-f]+\)/
        lines[from + 7] == '      app/key-2  (not in the target)'
        lines[from + 12] == '    unchanged:'
        lines[from + 13] == '      app/db  (the target already holds this)'
        lines[from + 14] == '        nothing is written'
        lines[from + 15] == '  estimate:   what applying this plan will take'

        and: 'the fingerprint is the one the run\'s items show'
        def items = cli.run('show', plan.runId(), '--output', 'json').json().items
        lines[from + 6].contains(items.find { it.sourceKey == 'app/key-1' }.desiredFingerprint)
    }

    def "--sample in JSON gives each record's metadata, and its value by size, kind and fingerprint only"() {
        given:
        runbook(aws())

        when:
        def doc = cli.run('plan', 'V1__copy.groovy', '--sample', '1', '--output', 'json').json()

        then:
        doc.sample.size() == 1
        with(doc.sample[0]) {
            action == 'create'
            sourceKey == 'app/db'
            record.contentType == 'text/plain'
            record.tags.owner == 'dba'
            record.value.keySet() == ['bytes', 'kind', 'fingerprint'] as Set
            record.value.bytes == CANARY.length()
            record.value.kind == 'text'
        }
    }

    def "a canary in the source reaches no sample, in text or JSON, in any encoding"() {
        given:
        def target = "memory:estimate-dst-${UUID.randomUUID()}"
        runbook(target)

        when:
        def outputs = [cli.run('plan', 'V1__copy.groovy', '--sample', '10'),
                       cli.run('plan', 'V1__copy.groovy', '--sample', '10', '--output', 'json'),
                       cli.run('run', 'V1__copy.groovy', '--dry-run', '--sample', '3'),
                       cli.run('copy', source, target, '--dry-run', '--sample', '1', '--output', 'json')]

        then: 'the samples were shown'
        outputs.every { it.exitCode == 0 }
        outputs[0].out.count('********') == 6
        outputs[1].json().sample.size() == 6

        and:
        outputs.each { result ->
            ReplCanarySpec.encodings(CANARY).each { encoding, form ->
                assert !result.out.contains(form) && !result.err.contains(form): "the canary, $encoding, is in $result"
            }
        }
    }
}
