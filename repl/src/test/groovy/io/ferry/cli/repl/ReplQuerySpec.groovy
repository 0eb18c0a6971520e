package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import io.ferry.secret.SecretValue
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * The shell's helpers return what they show, so that a line can compute with it; its commands take
 * a connected name wherever a store goes and speak the shell's language in their hints.
 */
class ReplQuerySpec extends Specification {

    static final String CANARY = 'canary-query-91b2-never-shown'

    @TempDir
    Path dir

    FerryCli cli
    String store

    def setup() {
        cli = new FerryCli(dir, [FERRY_LOCAL_PASSPHRASE: 'query-spec'])
        store = "memory:query-${UUID.randomUUID()}"
        cli.write(store,
                SecretRecord.builder('app/db').value(SecretValue.ofText(CANARY)).tag('env', 'prod').build(),
                SecretRecord.builder('app/cache').value(SecretValue.ofText('cache-value-1234')).tag('env', 'dev').build(),
                SecretRecord.ofText('other/key', 'other-value-5678'))
    }

    String repl(String... lines) {
        def input = new ByteArrayInputStream((lines.join('\n') + '\n').getBytes(StandardCharsets.UTF_8))
        def output = new ByteArrayOutputStream()
        new DumbTerminal('test', 'dumb', input, output, StandardCharsets.UTF_8).withCloseable { terminal ->
            def host = cli.host()
            new Repl(terminal, dir.resolve('history'), host,
                    new MainCommands(host, ['--state', dir.resolve('.ferry/state.db').toString()])).run()
        }
        output.toString(StandardCharsets.UTF_8)
    }

    def "a listing is rows to query, and prints as a table only when it is the line's result"() {
        when:
        def out = repl("s = open('$store')",
                "s.ls('app/').findAll { it.tags.env == 'prod' }.collect { it.key }",
                's.ls().getClass().simpleName',
                's.ls().size()',
                's.ls()')

        then: 'the query sees the tags'
        out.contains('[app/db]')
        out.contains('Listing')
        out.readLines().any { it.endsWith('3') }

        and: 'one table, from the last line, with the columns of ferry ls'
        out.count('KEY') == 1
        out =~ /(?m)(^|> )KEY +VERSION +UPDATED +TAGS *$/
        out =~ /(?m)^app\/db +\S+ +\S.* +env=prod *$/
        !out.contains(CANARY)
    }

    def "the helpers return what they show: runs, plans, diffs and flagged records"() {
        given:
        String target = "memory:query-target-${UUID.randomUUID()}"
        Files.writeString(dir.resolve('V1__copy.groovy'), "runbook { source '$store'; target '$target' }\n")

        when:
        def out = repl("r = run('V1__copy.groovy', '--yes')",
                'println "status=${r.run.status} exit=${r.exitCode}"',
                'println "runs=${runs().size()}"',
                'println "flagged=${flagged().size()}"',
                ':flagged',
                "println \"differences=\${diff('$store', '$target').size()}\"",
                "d = diff('$store', 'memory:query-empty')",
                'println "missing=${d.size()}"')

        then:
        out.contains('status=SUCCEEDED exit=0')
        out.contains('runs=1')
        out.contains('flagged=0')
        out =~ /run \S+ \(SUCCEEDED\) has no flagged or failed records/
        out.contains('differences=0')
        out.contains('missing=3')
        !out.contains(CANARY)
    }

    def "hints after a run name the shell's commands, and :show alone shows the newest run"() {
        given:
        Files.writeString(dir.resolve('V1__copy.groovy'), "runbook { source '$store'; target 'memory:hint-${UUID.randomUUID()}' }\n")

        when:
        def out = repl(':run V1__copy.groovy --yes', ':show')

        then:
        out =~ /details: :show \S+; undo: :rollback \S+/
        !out.contains('ferry show')
        !out.contains('ferry rollback')
        out.count('status:     SUCCEEDED') == 2
    }

    def "every command that takes a store takes a connected name, and :get and :ls show the CLI's views"() {
        when:
        def out = repl(":connect a $store", ':connect b memory:query-other', ':diff a b', ':get a app/db', ':ls a app/')

        then:
        !out.contains('is not a provider URI')
        out.contains('app/db')
        out.contains('key:          app/db')
        out.contains('value:        ******** (')
        out =~ /(?m)(^|> )KEY +VERSION +UPDATED +TAGS *$/
        !out.contains('SecretRecord[')
        !out.contains(CANARY)
    }

    def "a store that does not exist is refused as in the CLI; create(uri) makes one"() {
        when:
        def out = repl(':connect typo local:tpyo.db', "n = create('local:new.db')", "n.put('k', 'a-new-value-123')")

        then:
        out.contains('error: cannot open local:tpyo.db: ')
        out.contains("create('local:tpyo.db')")
        !Files.exists(dir.resolve('tpyo.db'))
        Files.exists(dir.resolve('new.db'))
        out.contains('created k in local:new.db')
    }

    def "a loop of puts shows a count, not a line per put"() {
        given:
        String loop = "memory:loop-${UUID.randomUUID()}"

        when:
        def out = repl("m = create('$loop')", '(1..500).each { m.put("k/$it", "value-number-$it") }', 'm.ls().size()')

        then:
        out.contains("500 values written to $loop")
        !out.contains('created k/')
        out.readLines().any { it.endsWith('500') }
        !out.contains('value-number-')
    }

    def "help for one command, the variables, the history, the working directory and a note on def"() {
        when:
        def out = repl(':help ls', ':help diff', 'x = 5', 'def y = 6', ":connect s $store", ':vars', ':pwd', ':history')

        then:
        out.contains('usage: :ls [NAME [PREFIX] [--all]]')
        out.contains('Compares two stores')
        out.readLines().any { it.endsWith('Usage: :diff [-hV] [--all] [--verbose] [--journal-key=STORE/KEY]') }
        !out.contains('\\n')
        out.contains("note: 'def y' lives only on this line; to keep it: y = ...")
        out =~ /(?m)^x +Integer/
        out =~ /(?m)^s +StoreHandle +memory:query-/
        out.contains(dir.toAbsolutePath().normalize().toString())
        out.readLines().count { it == 'x = 5' } == 1
    }

    def "the declared Groovy modules are on the class path"() {
        when:
        def out = repl('groovy.json.JsonOutput.toJson([a: 1])', "new groovy.json.JsonSlurper().parseText('{\"b\": 2}').b")

        then:
        out.contains('{"a":1}')
        out.readLines().any { it.endsWith('2') }
        !out.contains('error')
    }

    def "listed rows carry the content type, shown as a column where a listed secret has one"() {
        given:
        cli.write(store, SecretRecord.builder('app/json').value(SecretValue.ofText('{"a": "json-value-4321"}'))
                .contentType('application/json').build())

        when:
        def out = repl("s = open('$store')", "s.ls('app/').find { it.key == 'app/json' }.contentType", "s.ls('app/')", "s.ls('other/')")

        then: 'the field, then the column where a row has a content type and a dash where it has none'
        out.readLines().any { it.endsWith('> application/json') || it == 'application/json' }
        out =~ /(?m)(^|> )KEY +VERSION +UPDATED +CONTENT TYPE +TAGS *$/
        out =~ /(?m)^app\/json .* application\/json\b/
        out =~ /(?m)^app\/db .* - +env=prod *$/

        and: 'a listing where no secret has one leaves the column out'
        out =~ /(?m)(^|> )KEY +VERSION +UPDATED +TAGS *$/
        !out.contains('json-value-4321')
    }

    def ":cd moves the shell: files, local: stores and :pwd follow it; a missing directory is refused"() {
        given:
        def other = dir.resolve('other/project')
        Files.createDirectories(other)
        Files.writeString(other.resolve('V1__here.groovy'), "runbook { source '$store'; target 'memory:cd-${UUID.randomUUID()}' }\n")

        when:
        def out = repl(':cd other/project', ':pwd', "n = create('local:moved.db')", ':load V1__here.groovy', ':cd no-such-dir',
                ':cd ../..', ':pwd')

        then: 'the new directory is where relative paths go'
        out.readLines().count { it.endsWith(other.toString()) } == 2
        Files.exists(other.resolve('moved.db'))
        !Files.exists(dir.resolve('moved.db'))
        out.contains('rb = runbook V1__here: ')

        and: 'a directory that is not there is refused, and the shell stays where it was'
        out.contains("error: no directory ${other.resolve('no-such-dir')}; :pwd shows where the shell is")
        out.readLines().count { it.endsWith(dir.toAbsolutePath().normalize().toString()) } == 2
    }

    def "a runbook built in the shell reports every problem at once, as a runbook file does"() {
        when:
        def out = repl("rb = runbook { source '$store'; tagret 'memory:x'; transform 'no-such-transform' }", 'rb')

        then: 'one error line with both problems'
        def errors = out.readLines().findAll { it.contains('error: ') }
        errors.size() == 2
        errors[0].contains("'tagret'")
        errors[0].contains("did you mean 'target'?")
        errors[0].contains("unknown transform 'no-such-transform'")

        and: 'no runbook was made'
        errors[1].contains("no variable 'rb'")
    }
}
