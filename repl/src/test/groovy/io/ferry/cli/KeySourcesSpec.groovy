package io.ferry.cli

import io.ferry.secret.SecretRecord
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import io.ferry.testkit.server.azure.KeyVaultServer
import io.ferry.testkit.server.kubernetes.KubernetesApiServer
import io.ferry.testkit.server.kubernetes.KubernetesEmulator
import io.ferry.testkit.server.vault.VaultServer
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The journal key and the local store's passphrase without a file: from FERRY_JOURNAL_KEY, or from a
 * secret in AWS Secrets Manager, Vault, Azure Key Vault or Kubernetes (through the wire-level test
 * servers, with each store's real client). The key itself never appears in what Ferry prints or writes.
 */
class KeySourcesSpec extends Specification {

    static final byte[] KEY = (1..32).collect { (byte) (200 - it) } as byte[]
    static final String KEY_TEXT = KEY.encodeBase64().toString()
    static final String PASSPHRASE = 'canary-passphrase-7f3e91'

    @Shared
    AwsSecretsManagerServer aws = new AwsSecretsManagerServer(new ServerKnobs()).start(0) as AwsSecretsManagerServer
    @Shared
    VaultServer vault = new VaultServer(new ServerKnobs()).start(0) as VaultServer
    @Shared
    KeyVaultServer azure = new KeyVaultServer(new ServerKnobs()).start(0) as KeyVaultServer
    @Shared
    KubernetesApiServer kubernetes = new KubernetesApiServer(new ServerKnobs()).start(0) as KubernetesApiServer
    @Shared
    Path azureCa = azure.writeCaCertificate(Files.createTempFile('key-sources-ca', '.pem'))
    @Shared
    Map<String, String> kubeconfig = new KubernetesEmulator().environment(kubernetes)

    @TempDir
    Path dir

    def setupSpec() {
        def cli = new FerryCli(Files.createTempDirectory('key-sources-seed'), credentials())
        cli.write("aws:us-east-1/ferry/?endpoint=${aws.endpoint()}", SecretRecord.ofText('journal-key', KEY_TEXT))
        cli.write("azure:${azure.endpoint()}?ca=$azureCa", SecretRecord.ofText('ferry-journal-key', KEY_TEXT + '\n'))
        vault.seed('secret', 'ferry/journal-key', [key: KEY_TEXT], [:])
        vault.seed('secret', 'ferry/local-passphrase', [passphrase: PASSPHRASE], [:])
        kubernetes.seed('ferry', 'journal-key', [key: KEY_TEXT + '\n', note: 'rotated yearly'], [:])
    }

    def cleanupSpec() {
        [aws, vault, azure, kubernetes]*.close()
        Files.deleteIfExists(azureCa)
        Files.deleteIfExists(Path.of(kubeconfig.KUBECONFIG))
    }

    def "a copy journals under the key from #source, and the key appears nowhere Ferry writes"() {
        given: "a source store, and the key where the CI job or cluster keeps it"
        def cli = new FerryCli(dir, credentials() + [FERRY_LOCAL_PASSPHRASE: 'key-sources'] + variables(source))
        cli.environment.remove('FERRY_JOURNAL_KEY_FILE')
        cli.environment.HOME = dir.resolve('home').toString()
        cli.write('local:source.db', SecretRecord.ofText('db-password', 'value-1'), SecretRecord.ofText('api-token', 'value-2'))

        when:
        def copy = cli.run(*(arguments(source) + ['copy', 'local:source.db', 'local:target.db', '--yes']))
        def runs = cli.run(*(arguments(source) + ['runs']))

        then:
        copy.exitCode == 0
        runs.exitCode == 0
        cli.keys('local:target.db').toSet() == ['api-token', 'db-password'] as Set

        and: "no key file was made, in the home directory or anywhere else"
        !Files.exists(dir.resolve('home/.ferry/journal.key'))
        !Files.exists(dir.resolve('journal.key'))

        and: "the key is in no output and no file, in any encoding"
        leaks([copy.out, copy.err, runs.out, runs.err].join('\n')).isEmpty()
        filesUnder(dir).every { leaks(new String(Files.readAllBytes(it), 'ISO-8859-1')).isEmpty() }

        where:
        source << ['FERRY_JOURNAL_KEY', 'aws', 'vault', 'azure', 'kubernetes', '--journal-key']
    }

    def "the same key from two places opens the same runs"() {
        given: "a copy journaled under the key from FERRY_JOURNAL_KEY"
        def fromVariable = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'key-sources', FERRY_JOURNAL_KEY: KEY_TEXT])
        fromVariable.environment.remove('FERRY_JOURNAL_KEY_FILE')
        fromVariable.write('local:source.db', SecretRecord.ofText('db-password', 'value-1'))
        assert fromVariable.run('copy', 'local:source.db', 'local:target.db', '--yes').exitCode == 0
        def runId = fromVariable.run('runs', '--output', 'json').out.find(/"id" *: *"([^"]+)"/) { all, id -> id }

        when: "it is rolled back with the key from Vault"
        def fromVault = new FerryCli(dir, credentials() + [FERRY_LOCAL_PASSPHRASE: 'key-sources'])
        def rollback = fromVault.run('--journal-key', "vault:${vault.endpoint()}/secret/journal-key?prefix=ferry/".toString(),
                'rollback', runId)

        then:
        runId != null
        rollback.exitCode == 0
        fromVault.keys('local:target.db').isEmpty()
    }

    def "#problem is one line naming where Ferry looked, exit 6, and nothing is written"() {
        given:
        def cli = new FerryCli(dir, credentials() + [FERRY_LOCAL_PASSPHRASE: 'key-sources'] + environment)
        cli.environment.remove('FERRY_JOURNAL_KEY_FILE')
        cli.write('local:source.db', SecretRecord.ofText('db-password', 'value-1'))
        def before = filesUnder(dir)*.toString().sort()

        when:
        def missing = "aws:us-east-1/ferry/missing-key?endpoint=${aws.endpoint()}".toString()
        def result = cli.run(*(flags.collect { it.replace('AWS', missing) } + ['copy', 'local:source.db', 'local:target.db', '--yes']))

        then:
        result.exitCode == 6
        result.err.readLines().size() == 1
        result.err.startsWith("ferry: ${message}".toString().replace('AWS', missing))
        leaks(result.err).isEmpty()

        and: "no state store, target, audit trail or key file was made"
        filesUnder(dir)*.toString().sort() == before

        where:
        problem                  | flags                                                        | environment                                   || message
        'a missing secret'       | ['--journal-key', 'AWS']                                     | [:]                                           || 'the journal key at AWS is missing: the store aws:us-east-1/ferry/?endpoint='
        'a field that is absent' | ['--journal-key', 'k8s:ferry/journal-key#nosuch']            | [:]                                           || "the journal key at k8s:ferry/journal-key#nosuch has no field 'nosuch' (its fields: key, note)"
        'two fields, none named' | ['--journal-key', 'k8s:ferry/journal-key']                   | [:]                                           || 'the journal key at k8s:ferry/journal-key has the fields key, note; name the one that holds it'
        'a key that is short'    | []                                                           | [FERRY_JOURNAL_KEY: KEY_TEXT.substring(0, 40)] || 'FERRY_JOURNAL_KEY does not hold a 256-bit journal key in base64'
        'a reference, no key'    | ['--journal-key', 'vault:http://127.0.0.1:1/secret/']        | [:]                                           || '--journal-key (FERRY_JOURNAL_KEY_URI) vault:http://127.0.0.1:1/secret/ names no secret; end the store\'s URI with /KEY'
    }

    def "a local store opens with the passphrase a Vault secret holds, which Ferry never prints"() {
        given:
        def cli = new FerryCli(dir, credentials() +
                [FERRY_LOCAL_PASSPHRASE_URI: "vault:${vault.endpoint()}/secret/local-passphrase?prefix=ferry/".toString()])

        when: "a store is made and read under that passphrase"
        def put = cli.runWithInput('value-1', 'put', 'local:team.db', 'db-password')
        def ls = cli.run('ls', 'local:team.db')

        and: "it is opened with another passphrase"
        def wrong = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'not the passphrase']).run('ls', 'local:team.db')

        and: "the variable names a secret that does not exist"
        def missing = new FerryCli(dir, credentials() +
                [FERRY_LOCAL_PASSPHRASE_URI: "vault:${vault.endpoint()}/secret/nosuch?prefix=ferry/".toString()])
                .run('ls', 'local:team.db')

        then:
        put.exitCode == 0
        ls.exitCode == 0
        ls.out.contains('db-password')
        wrong.exitCode == 6
        missing.exitCode == 6
        missing.err.readLines() == ["ferry: the passphrase of local store ${dir.resolve('team.db')} at vault:${vault.endpoint()}/secret/nosuch?prefix=ferry/ is missing: the store vault:${vault.endpoint()}/secret/?prefix=ferry/ has no secret 'nosuch'; create it there, or point at the secret that holds it".toString()]

        and:
        [put, ls, wrong, missing].every { !(it.out + it.err).contains(PASSPHRASE) }
        filesUnder(dir).every { !new String(Files.readAllBytes(it), 'ISO-8859-1').contains(PASSPHRASE) }
    }

    private Map<String, String> credentials() {
        [AWS_ACCESS_KEY_ID    : AwsSecretsManagerServer.ACCESS_KEY, AWS_SECRET_ACCESS_KEY: AwsSecretsManagerServer.SECRET_KEY,
         VAULT_TOKEN          : VaultServer.ROOT_TOKEN, AZURE_ACCESS_TOKEN: azure.token()] + kubeconfig
    }

    private Map<String, String> variables(String source) {
        switch (source) {
            case 'FERRY_JOURNAL_KEY': return [FERRY_JOURNAL_KEY: KEY_TEXT]
            case '--journal-key': return [FERRY_JOURNAL_KEY: 'overridden by the command line']
            default: return [FERRY_JOURNAL_KEY_URI: reference(source)]
        }
    }

    private List<String> arguments(String source) {
        source == '--journal-key' ? ['--journal-key', reference('aws')] : []
    }

    private String reference(String store) {
        switch (store) {
            case 'aws': return "aws:us-east-1/ferry/journal-key?endpoint=${aws.endpoint()}"
            case 'vault': return "vault:${vault.endpoint()}/secret/journal-key?prefix=ferry/"
            case 'azure': return "azure:${azure.endpoint()}/ferry-journal-key?ca=$azureCa"
            case 'kubernetes': return 'k8s:ferry/journal-key#key'
        }
        throw new IllegalArgumentException(store)
    }

    /** @return the encodings of the key found in the text */
    private static List<String> leaks(String text) {
        [KEY_TEXT, KEY.encodeHex().toString(), KEY.encodeHex().toString().toUpperCase(), KEY_TEXT.bytes.encodeBase64().toString(),
         new String(KEY, 'ISO-8859-1'), KEY_TEXT.replace('/', '\\/')].findAll { text.contains(it) }
    }

    private static List<Path> filesUnder(Path root) {
        Files.walk(root).withCloseable { it.filter { Files.isRegularFile(it) }.toList() }
    }
}
