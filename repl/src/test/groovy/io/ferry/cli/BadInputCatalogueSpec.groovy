package io.ferry.cli

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.sql.DriverManager
import org.sqlite.SQLiteConfig

/**
 * A catalogue of bad input, as a new user or a hurried operator types it: runbooks, store URIs and
 * options, passphrases and keys, corrupt files, state stores, run ids, standard input, endpoints,
 * credentials and durations. Each gets one line on standard error without a stack trace, the exit
 * code the README documents, writes nothing, and lets no canary out: not the value planted in the
 * stores, nor one given as a credential or a passphrase, raw, in base64 or in hex.
 */
class BadInputCatalogueSpec extends Specification {

    static final String CANARY = 'canary-7f3e91c4-never-shown'
    static final String PASSPHRASE = 'catalogue-passphrase'

    @Shared
    @TempDir
    Path dir

    @Shared
    String runId

    def setupSpec() {
        def cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: PASSPHRASE])
        assert cli.runWithInput(CANARY + '\n', 'put', 'local:canary.db', 'app/canary').exitCode == 0
        assert cli.runWithInput('other\n', 'put', 'local:canary.db', 'app/other').exitCode == 0
        def copy = cli.run('copy', 'local:canary.db', 'local:target.db', '--yes')
        assert copy.exitCode == 0: copy
        runId = copy.runId()
        assert cli.run('copy', 'local:canary.db', 'local:target.db', '--dry-run').exitCode == 0
        Files.writeString(dir.resolve('garbage.db'), 'not a store\n')
        // Other state stores live apart from the journal key, which Ferry refuses to keep beside one.
        Files.createDirectories(dir.resolve('states'))
        Files.writeString(dir.resolve('states/garbage-state.db'), 'not a state store\n')
        Files.writeString(dir.resolve('bad.key'), 'not a key\n')
        Files.createDirectories(dir.resolve('adir.db'))
        [dir.resolve('foreign.db'), dir.resolve('states/foreign.db')].each { file ->
            DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
                c.createStatement().withCloseable { it.execute('CREATE TABLE people (name TEXT)') }
            }
        }
        String runbook = """\
            runbook {
                source 'local:canary.db'
                target 'local:target.db'
            }
            """.stripIndent()
        Files.writeString(dir.resolve('copy.groovy'), runbook)
        Files.writeString(dir.resolve('empty.groovy'), '')
        Files.writeString(dir.resolve('unclosed.groovy'), "runbook {\n    source 'local:canary.db\n}\n")
        Files.writeString(dir.resolve('nosource.groovy'), "runbook {\n    target 'local:target.db'\n}\n")
        Files.writeString(dir.resolve('binary.groovy'), new String([0, 1, 2, 0xff, 0xfe] as byte[], 'ISO-8859-1'))
        Files.createDirectories(dir.resolve('runbooks'))
        Files.writeString(dir.resolve('runbooks/V1__copy.groovy'), runbook)
    }

    def "ferry #command is refused with exit #code and one line: #says"() {
        given:
        def cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: PASSPHRASE] + env)
        def before = snapshot()
        def logs = new ByteArrayOutputStream()
        def stdout = System.out
        def stderr = System.err
        System.out = new PrintStream(logs, true)
        System.err = new PrintStream(logs, true)

        when:
        def result = cli.runWithInput(stdin, *args.collect { it.replace('RUN', runId.substring(0, 4)) })
        System.out = stdout
        System.err = stderr

        then: 'the documented exit code'
        result.exitCode == code

        and: 'one line on standard error that says what is wrong, nothing on standard output, no stack trace, no log'
        result.err.readLines().size() == 1
        result.err.startsWith('ferry: ')
        result.err.contains(says)
        result.out.isEmpty()
        logs.size() == 0

        and: 'nothing was written'
        snapshot() == before

        and: 'no canary leaked, in any encoding'
        encodings(CANARY).every { !result.err.contains(it) }

        cleanup:
        System.out = stdout
        System.err = stderr

        where:
        args                                                                  | stdin            | env                                                 || code | says
        // runbooks
        ['run', 'missing.groovy', '--yes']                                    | ''               | [:]                                                 || 2    | 'missing.groovy does not exist'
        ['plan', 'missing.groovy']                                            | ''               | [:]                                                 || 2    | 'missing.groovy does not exist'
        ['plan', 'unclosed.groovy']                                           | ''               | [:]                                                 || 2    | 'unclosed.groovy:2:'
        ['plan', 'nosource.groovy']                                           | ''               | [:]                                                 || 2    | 'the runbook has no source'
        ['plan', 'binary.groovy']                                             | ''               | [:]                                                 || 2    | 'binary.groovy:1:'
        ['plan', 'empty.groovy']                                              | ''               | [:]                                                 || 2    | 'no runbook { } block'
        ['plan', 'adir.db']                                                   | ''               | [:]                                                 || 2    | 'adir.db does not exist'
        ['run', 'copy.groovy']                                                | ''               | [:]                                                 || 2    | 'needs --yes when there is no terminal'
        ['run', 'copy.groovy', '--yes', '--window', 'soon']                   | ''               | [:]                                                 || 2    | "--window 'soon' is not a duration"
        ['run', 'copy.groovy', '--yes', '--window', '8d']                     | ''               | [:]                                                 || 2    | "--window '8d' is out of range"
        ['run', 'copy.groovy', '--yes', '--now']                              | ''               | [:]                                                 || 2    | 'has no schedule; drop --now, or give a window: --window 2h'
        ['migrate', 'nodir']                                                  | ''               | [:]                                                 || 2    | 'runbook directory'
        ['validate', 'nodir']                                                 | ''               | [:]                                                 || 2    | 'runbook directory'
        // commands, URIs and options
        ['NOSUCHCOMMAND', '--help']                                           | ''               | [:]                                                 || 2    | "unknown command 'NOSUCHCOMMAND'"
        ['coppy', 'local:canary.db', 'local:x.db']                            | ''               | [:]                                                 || 2    | "did you mean 'ferry copy'?"
        ['show']                                                              | ''               | [:]                                                 || 2    | "Missing required parameter: 'RUN'"
        ['runs', '--bogus']                                                   | ''               | [:]                                                 || 2    | "Unknown option: '--bogus'"
        ['runs', '--output', 'yaml']                                          | ''               | [:]                                                 || 2    | "Invalid value for option '--output'"
        ['ls', 'nosuch:x']                                                    | ''               | [:]                                                 || 2    | "unknown provider scheme 'nosuch'"
        ['ls', 'local:']                                                      | ''               | [:]                                                 || 2    | "'local:' names no file"
        ['ls', 'aws:']                                                        | ''               | [:]                                                 || 2    | 'needs a region'
        ['ls', 'vault:not a url']                                             | ''               | [:]                                                 || 2    | 'no Vault address'
        ['plan', 'copy.groovy', '--sample', '0']                              | ''               | [:]                                                 || 2    | "--sample takes a whole number of records of at least 1, not '0'"
        ['plan', 'copy.groovy', '--sample', 'some']                           | ''               | [:]                                                 || 2    | "--sample takes a whole number of records of at least 1, not 'some'"
        ['run', 'copy.groovy', '--dry-run', '--sample=-3']                    | ''               | [:]                                                 || 2    | "not '-3'; for example --sample 3"
        ['run', 'copy.groovy', '--yes', '--sample', '2']                      | ''               | [:]                                                 || 2    | '--sample shows records of a plan before it is applied'
        ['copy', 'local:canary.db', 'local:x.db', '--concurrency', 'x']       | ''               | [:]                                                 || 2    | "Invalid value for option '--concurrency'"
        ['copy', 'local:canary.db', 'local:x.db', '--on-existing', 'sideways'] | ''              | [:]                                                 || 2    | "Invalid value for option '--on-existing'"
        ['copy', 'local:canary.db', 'local:x.db', '--dry-run', '--transform', 'nosuch'] | ''     | [:]                                                 || 2    | "unknown transform 'nosuch'"
        // passphrases, journal keys, keys and standard input
        ['ls', 'local:canary.db']                                             | ''               | [FERRY_LOCAL_PASSPHRASE: CANARY]                    || 6    | 'wrong passphrase for local store'
        ['put', 'local:canary.db', 'app/canary']                              | "new-$CANARY\n"  | [FERRY_LOCAL_PASSPHRASE: CANARY]                    || 6    | 'wrong passphrase for local store'
        ['put', 'local:canary.db', 'app/new']                                 | ''               | [:]                                                 || 2    | "no value for 'app/new' on standard input"
        ['get', 'local:canary.db', 'nosuchkey']                               | ''               | [:]                                                 || 1    | "no secret 'nosuchkey'"
        ['show', 'RUN']                                                       | ''               | [FERRY_JOURNAL_KEY_FILE: dir.resolve('bad.key').toString()] || 6    | 'bad.key'
        // corrupt files
        ['ls', 'local:garbage.db']                                            | ''               | [:]                                                 || 6    | 'is not a Ferry local store'
        ['ls', 'local:foreign.db']                                            | ''               | [:]                                                 || 6    | 'not a Ferry local store'
        ['ls', 'local:adir.db']                                               | ''               | [:]                                                 || 6    | 'is a directory'
        ['ls', 'local:nothere.db']                                            | ''               | [:]                                                 || 6    | 'there is no local store at'
        ['diff', 'local:canary.db', 'local:nothere.db']                       | ''               | [:]                                                 || 6    | 'there is no local store at'
        // state stores
        ['--state', 'states/garbage-state.db', 'runs']                               | ''               | [:]                                                 || 6    | 'garbage-state.db is not a readable SQLite file'
        ['--state', "postgresql://ferry:$CANARY@127.0.0.1:1/ferry", 'runs']  | ''               | [:]                                                 || 6    | 'cannot reach the PostgreSQL state store at 127.0.0.1:1 (connection refused)'
        ['--state', "postgresql://ferry@127.0.0.1:1/ferry?sslmode=$CANARY", 'runs'] | ''         | [:]                                                 || 2    | 'the PostgreSQL URL given to --state has an sslmode that is none of'
        ['--state', "postgresql://ferry@127.0.0.1:1/ferry?password=$CANARY", 'runs'] | ''        | [:]                                                 || 2    | "has the parameter 'password', which Ferry does not pass on"
        ['--state', 'jdbc:sqlite:state.db', 'runs']                           | ''               | [:]                                                 || 2    | "not a 'jdbc:' URL"
        ['--state', 'adir.db', 'runs']                                        | ''               | [:]                                                 || 2    | 'is a directory'
        ['--state', 'states/foreign.db', 'show', 'RUN']                              | ''               | [:]                                                 || 6    | 'not a Ferry state store'
        // run ids
        ['show', 'nosuch']                                                    | ''               | [:]                                                 || 2    | "no run 'nosuch' is known here: none in"
        ['show', 'RUN']                                                       | ''               | [:]                                                 || 2    | 'is ambiguous'
        ['resume', 'nosuch', '--state', 'elsewhere/state.db']                 | ''               | [:]                                                 || 2    | "no run 'nosuch' is known here: there is no state store at"
        ['rollback', 'nosuch', '--state', 'elsewhere/state.db']               | ''               | [:]                                                 || 2    | "no run 'nosuch' is known here: there is no state store at"
        ['rollback', 'nosuch']                                                | ''               | [:]                                                 || 2    | "no run 'nosuch' is known here"
        ['apply', 'nosuch']                                                   | ''               | [:]                                                 || 2    | "no run 'nosuch' is known here"
        ['retry', 'nosuch', 'app/canary']                                     | ''               | [:]                                                 || 2    | "no run 'nosuch' is known here"
        ['pause', 'nosuch']                                                   | ''               | [:]                                                 || 2    | "no run 'nosuch' is known here"
        // endpoints and credentials
        ['ls', 'vault:http://127.0.0.1:1/secret?rate.attempts=1']             | ''               | [VAULT_TOKEN: CANARY]                               || 6    | 'http://127.0.0.1:1'
        ['ls', 'vault:http://127.0.0.1:1/secret']                             | ''               | [:]                                                 || 6    | 'no Vault token'
        ['ls', 'aws:us-east-1/app/?endpoint=http://127.0.0.1:1&rate.attempts=1'] | ''            | [AWS_ACCESS_KEY_ID: 'AKIACANARY', AWS_SECRET_ACCESS_KEY: CANARY] || 6 | 'http://127.0.0.1:1'
        ['ls', 'aws:us-east-1/app/?endpoint=http://127.0.0.1:1&profile=ferry-no-such-profile'] | '' | [:]                                           || 6    | 'no usable credentials'
        ['ls', 'azure:https://127.0.0.1:1?rate.attempts=1']                   | ''               | [AZURE_ACCESS_TOKEN: CANARY]                        || 6    | 'https://127.0.0.1:1'
        ['ls', 'k8s:ns?server=http://127.0.0.1:1&rate.attempts=1']            | ''               | [:]                                                 || 6    | 'http://127.0.0.1:1'
        ['ls', 'k8s:payments']                                                | ''               | [HOME: '/nonexistent-home']                         || 6    | 'k8s found no cluster to talk to: no kubeconfig at'
        ['ls', 'k8s:payments?context=prod']                                   | ''               | [HOME: '/nonexistent-home']                         || 6    | "k8s context 'prod' was asked for, but no kubeconfig"
        ['ls', 'k8s:payments?kubeconfig=absent.yaml']                         | ''               | [:]                                                 || 6    | 'which does not exist'
        // durations
        ['sync', 'copy.groovy', '--every', '99999999999d']                    | ''               | [:]                                                 || 2    | "--every '99999999999d' is out of range; give a duration from 0 to 3650d"
        ['sync', 'copy.groovy', '--every', '99999999999999999999s']           | ''               | [:]                                                 || 2    | 'is out of range'
        ['sync', 'copy.groovy', '--every', '5x']                              | ''               | [:]                                                 || 2    | "--every '5x' is not a duration"
        ['sync', 'copy.groovy', '--every', '0']                               | ''               | [:]                                                 || 2    | '--every must be longer than 0'
        ['migrate', 'runbooks', '--wait', '99999999999d']                     | ''               | [:]                                                 || 2    | "--wait '99999999999d' is out of range"
        ['migrate', 'runbooks', '--wait', 'soon']                             | ''               | [:]                                                 || 2    | "--wait 'soon' is not a duration"

        command = args.join(' ')
    }

    def "the catalogue's stores really hold the canary, so that its absence from the output means something"() {
        expect:
        new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: PASSPHRASE]).read('local:canary.db', 'app/canary').value().text() == CANARY
        new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: PASSPHRASE]).read('local:target.db', 'app/canary').value().text() == CANARY
    }

    /** The canary as it could leak: raw, in hex, and in base64 at each of the three byte alignments. */
    static List<String> encodings(String canary) {
        List<Byte> bytes = canary.getBytes('UTF-8').toList()
        def hex = (bytes as byte[]).encodeHex().toString()
        def base64 = (0..2).collect { int shift ->
            String encoded = (([0 as byte] * shift + bytes) as byte[]).encodeBase64().toString()
            // Drop the characters the shift and the padding touch; the rest appears wherever the value does.
            encoded.substring(shift == 0 ? 0 : 4, encoded.length() - 4)
        }
        [canary, hex, hex.toUpperCase()] + base64
    }

    /**
     * Every file and directory under the working directory, with a digest of each file's content; of
     * an SQLite file (a store, the state store), a digest of its tables' rows, for opening one may
     * rewrite its header without changing what it holds, and its -wal and -shm files come and go.
     */
    private Map<String, String> snapshot() {
        Files.walk(dir).withCloseable { paths ->
            paths.filter { !it.fileName.toString().endsWith('-wal') && !it.fileName.toString().endsWith('-shm') }
                    .collect { Path p -> [(dir.relativize(p).toString()): Files.isDirectory(p) ? 'dir' : digest(p)] }
                    .sum() as Map<String, String>
        }
    }

    private static String digest(Path file) {
        def sha = MessageDigest.getInstance('SHA-256')
        byte[] head = Files.readAllBytes(file)
        if (new String(head, 0, Math.min(head.length, 15), 'ISO-8859-1') != 'SQLite format 3' || !sqliteTables(file, sha)) {
            sha.update(head)
        }
        sha.digest().encodeHex().toString()
    }

    /** Adds every row of every table to the digest; false when the file cannot be read as SQLite. */
    private static boolean sqliteTables(Path file, MessageDigest sha) {
        try {
            def config = new SQLiteConfig()
            config.readOnly = true
            config.createConnection("jdbc:sqlite:$file").withCloseable { c ->
                def tables = []
                c.createStatement().withCloseable { st ->
                    st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").withCloseable { rs ->
                        while (rs.next()) {
                            tables << rs.getString(1)
                        }
                    }
                    tables.each { table ->
                        sha.update(table.getBytes('UTF-8'))
                        st.executeQuery("SELECT * FROM \"$table\"").withCloseable { rs ->
                            int columns = rs.metaData.columnCount
                            def rows = []
                            while (rs.next()) {
                                rows << (1..columns).collect { rs.getObject(it)?.with { v -> v instanceof byte[] ? v.encodeHex().toString() : v.toString() } }.toString()
                            }
                            rows.sort().each { sha.update(it.getBytes('UTF-8')) }
                        }
                    }
                }
            }
            true
        } catch (java.sql.SQLException e) {
            false
        }
    }
}
