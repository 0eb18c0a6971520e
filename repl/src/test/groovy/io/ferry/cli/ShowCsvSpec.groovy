package io.ferry.cli

import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** {@code ferry show RUN --output csv}: a run's items for spreadsheets and tickets, never a value. */
class ShowCsvSpec extends Specification {

    static final String CANARY = 'csv-canary-5e1f'

    @TempDir
    Path dir

    FerryCli cli

    def setup() {
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'csv-spec'])
    }

    /** RFC 4180 rows, quoted fields unquoted, so that the file reads as a spreadsheet would. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = []
        List<String> row = []
        StringBuilder cell = new StringBuilder()
        boolean quoted = false
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i)
            if (quoted) {
                if (c == '"' as char && i + 1 < csv.length() && csv.charAt(i + 1) == '"' as char) {
                    cell.append('"'); i++
                } else if (c == '"' as char) {
                    quoted = false
                } else {
                    cell.append(c)
                }
            } else if (c == '"' as char) {
                quoted = true
            } else if (c == ',' as char) {
                row << cell.toString(); cell.setLength(0)
            } else if (c == '\r' as char && i + 1 < csv.length() && csv.charAt(i + 1) == '\n' as char) {
                row << cell.toString(); cell.setLength(0); rows << row; row = []; i++
            } else {
                cell.append(c)
            }
        }
        rows
    }

    def "every item is a row of keys, action, status, reason, attempts, flags and fingerprint, with no value"() {
        given: 'keys with a comma, a quote and a leading formula sign'
        def source = "memory:src-${UUID.randomUUID()}"
        def target = "memory:dst-${UUID.randomUUID()}"
        ['app/a,b': "$CANARY-1", 'app/say "hi"': "$CANARY-2", '=cmd|calc': "$CANARY-3"].each { k, v ->
            cli.write(source, SecretRecord.ofText(k, v))
        }
        def id = cli.run('copy', source, target, '--yes').runId()

        when:
        def result = cli.run('show', id, '--output', 'csv')
        def rows = parse(result.out)

        then:
        result.exitCode == 0
        result.out.endsWith('\r\n')
        rows[0] == ['source_key', 'target_key', 'action', 'status', 'reason', 'attempts', 'flags', 'error', 'source_fingerprint',
                    'target_fingerprint']
        rows.size() == 4
        rows.tail().collect { it[0] }.sort() == ["'=cmd|calc", 'app/a,b', 'app/say "hi"']
        rows.tail().every { it.size() == 10 && it[2] == 'CREATE' && it[3] == 'done' && it[5] == '1' && it[8].startsWith('hmac') }

        and: 'with no transform, the value written is the source\'s'
        rows.tail().every { it[9] == it[8] }

        and:
        !result.out.contains(CANARY)
        !result.out.contains(CANARY.bytes.encodeBase64().toString())
    }

    def "--status narrows the rows as it narrows the table"() {
        given:
        def source = "memory:src-${UUID.randomUUID()}"
        def target = "memory:dst-${UUID.randomUUID()}"
        cli.write(source, SecretRecord.ofText('a', '1'))
        cli.write(source, SecretRecord.ofText('b', '2'))
        cli.write(target, SecretRecord.ofText('b', '2'))
        def id = cli.run('copy', source, target, '--yes').runId()

        when:
        def rows = parse(cli.run('show', id, '--output', 'csv', '--status', 'noop').out)

        then:
        rows.size() == 2
        rows[1][0] == 'b'
    }

    def "a cell is quoted only when it must be, and a formula sign is defused: '#value'"() {
        expect:
        ItemsCsv.cell(value) == shown

        where:
        value          || shown
        'app/db'       || 'app/db'
        'a,b'          || '"a,b"'
        'say "hi"'     || '"say ""hi"""'
        'two\nlines'   || '"two\nlines"'
        '=1+2'         || "'=1+2"
        '-x'           || "'-x"
        '@sum'         || "'@sum"
        '+1,2'         || "\"'+1,2\""
        ''             || ''
    }
}
