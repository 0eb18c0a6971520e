package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import org.jline.reader.Candidate
import org.jline.terminal.impl.DumbTerminal
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/** What Tab offers, asked of the completer directly and pressed on a dumb terminal. */
class ReplCompletionSpec extends Specification {

    @TempDir
    Path dir

    FerryCli cli
    String store
    ReplSession session
    ReplCompleter completer
    StringWriter screen = new StringWriter()

    def setup() {
        cli = new FerryCli(dir)
        store = "memory:complete-${UUID.randomUUID()}"
        cli.write(store, SecretRecord.ofText('db/main', 'v1'), SecretRecord.ofText('db/replica', 'v2'), SecretRecord.ofText('api/key', 'v3'))
        Files.createDirectories(dir.resolve('runbooks/transforms'))
        Files.writeString(dir.resolve('runbooks/V1__copy.groovy'), "runbook { source '$store'; target 'memory:elsewhere' }")
        Files.writeString(dir.resolve('runbooks/V2__java.jsh'), '// a JShell runbook')
        Files.writeString(dir.resolve('runbooks/transforms/mask-host.groovy'), 'transform { rec -> rec }')
        Files.writeString(dir.resolve('notes.txt'), 'not a runbook')
        def host = cli.host()
        session = new ReplSession(host, new MainCommands(host, ['--state', dir.resolve('.ferry/state.db').toString()]), new PrintWriter(screen), false)
        completer = new ReplCompleter(session, new ColonCommands(session))
    }

    def cleanup() {
        session.close()
    }

    List<String> offered(String before) {
        completer.candidates(before)*.value()
    }

    /** What Tab offers, in the order the terminal lists it: JLine sorts candidates by their natural order. */
    List<String> asShown(String before) {
        List<Candidate> all = new ArrayList<>(completer.candidates(before))
        Collections.sort(all)
        all*.value()
    }

    def "a colon offers the shell's commands and the CLI's"() {
        expect:
        offered(':') .containsAll([':help', ':connect', ':ls', ':get', ':load', ':plan', ':run', ':flagged', ':java', ':groovy',
                                  ':show', ':retry', ':rollback', ':runs', ':providers', ':transforms'])
        !offered(':').contains(':repl')
        offered(':ro') == [':rollback']
        offered(':fl') == [':flagged']
    }

    def "a CLI command offers its options, and their values where they are a fixed set"() {
        expect:
        offered(':run --').containsAll(['--yes', '--dry-run', '--all', '--output'])
        offered(':show x --st') == ['--status', '--state']
        offered(':ls memory:x -o ') == ['text', 'json']
    }

    def "keys that many share are offered a step at a time, none hidden behind the bound on remembered keys"() {
        given: '20,000 keys, twice the bound'
        def big = "memory:complete-big-${UUID.randomUUID()}"
        cli.write(big, (1..20000).collect { SecretRecord.ofText("k/$it", "value-$it") } as SecretRecord[])
        session.connect('big', big)

        expect: 'the next character after what several thousand keys share, then the key itself and the next'
        offered(typed) == steps

        where:
        typed              || steps
        ':get big k/'      || (1..9).collect { "k/$it" }
        ':ls big k/'       || (1..9).collect { "k/$it" }
        ':get big k/2'     || ['k/2'] + (0..9).collect { "k/2$it" }
        ':get big k/1999'  || ['k/1999'] + (0..9).collect { "k/1999$it" }
        "big.get('k/19999" || ["big.get('k/19999'"]
    }

    def "the arguments of commands offer stores, schemes, keys, runbook files and transforms"() {
        given:
        session.connect('src', store)

        expect: 'connected stores and schemes where a store goes'
        offered(':ls ').containsAll(['src', 'memory:', 'local:'])
        offered(':connect aws ').contains('memory:')
        offered(':diff ').contains(store)
        offered(':diff ').contains('src')

        and: "the keys of a connected store, from its listing"
        offered(':get src ') == ['api/key', 'db/main', 'db/replica']
        offered(':get src db/') == ['db/main', 'db/replica']
        offered(":get $store d") == ['db/main', 'db/replica']

        and: 'runbook files, Groovy and JShell, and nothing else'
        offered(':load ') == ['runbooks/V1__copy.groovy', 'runbooks/V2__java.jsh']
        offered(':plan r') == ['runbooks/V1__copy.groovy', 'runbooks/V2__java.jsh']

        and: 'transform names where a transform goes'
        offered(':transform ').containsAll(['rename', 'prefix', 'json-pick'])
    }

    def "run ids come from the state store, and :retry RUN offers the run's flagged keys"() {
        given: 'a run that flagged one record'
        Files.writeString(dir.resolve('V1__flag.groovy'), """
            runbook {
                source '$store'
                target 'memory:flag-${UUID.randomUUID()}'
                transform { rec -> if (rec.key == 'db/replica') throw new IllegalStateException('bad') }
                execution { onError 'flag' }
            }""")
        assert cli.run('--state', dir.resolve('.ferry/state.db').toString(), 'run', 'V1__flag.groovy', '--yes').exitCode == 1
        def id = offered(':show ').first()

        expect:
        id ==~ /\d{8}-\d{6}-[0-9a-f]{4}/
        offered(':flagged ') == [id]
        offered(':rollback ' + id.substring(0, 4)) == [id]
        offered(":retry $id ") == ['db/replica']
    }

    def "Groovy code offers variables, functions, a store's methods and, in quotes, its keys"() {
        given:
        session.connect('src', store)
        session.binding().setVariable('count', 3)

        expect:
        offered('co') == ['count']
        offered('(1..co') == ['(1..count']
        offered('x = pro') == ['provider(']
        offered('src.') .containsAll(['src.ls(', 'src.get(', 'src.put(', 'src.getUri()'])
        offered("src.get('db/m") == ["src.get('db/main'"]
        offered('src.get("api') == ['src.get("api/key"']
        offered("open('me") == ["open('memory:"]
        offered("rb = load('run") == ["load('runbooks/V1__copy.groovy'", "load('runbooks/V2__java.jsh'"]
        offered("transform 'json-p") == ["'json-pick'"]
    }

    def "after a dot Tab offers the methods and properties of what the expression gives, without running it"() {
        given:
        def src = session.connect('src', store)
        session.binding().setVariable('rec', src.get('db/main'))

        expect: "a record read by a call: its properties and methods, not the shell's functions"
        offered("src.get('db/main').").containsAll(["src.get('db/main').value", "src.get('db/main').key",
                                                    "src.get('db/main').tags", "src.get('db/main').contentType"])
        !offered("src.get('db/main').").contains("src.get('db/main').open(")
        offered('rec.va') == ['rec.value', 'rec.value()']

        and: 'a masked value, and what is made of it, offer what a masked value takes'
        offered('rec.value.').containsAll(['rec.value.text', 'rec.value.bytes', 'rec.value.size()'])
        offered('x = rec.value.text.s') == ['rec.value.text.size()']

        and: "a listing offers its own methods and Groovy's, and its rows their fields"
        offered("x = src.ls('db/').").containsAll(["src.ls('db/').findAll {", "src.ls('db/').printAll()", "src.ls('db/').size()"])
        offered('src.ls().first().').containsAll(['src.ls().first().key', 'src.ls().first().tags', 'src.ls().first().contentType'])
        // A candidate stands for the word under the cursor, which starts after the last space.
        offered("src.ls().findAll { it.key.startsWith('db/') }.first().ver") == ['}.first().version', '}.first().version()']
        offered("open('$store').g") == ["open('$store').get(", "open('$store').getUri()"]

        and: 'a variable that holds rows: the fields of what it holds'
        session.binding().setVariable('rows', src.ls())
        offered('rows.first().k') == ['rows.first().key', 'rows.first().key()']
        offered('rows[0].k') == ['rows[0].key', 'rows[0].key()']

        and: 'what cannot be told without running the line offers nothing'
        offered('(1 + 2).') == []
        offered('nothing.') == []
    }

    def "Tab after a dot never runs the line: a put before the dot writes nothing"() {
        given:
        def src = session.connect('src', store)

        when:
        def offeredAfterPut = offered("src.put('db/tabbed', 'tab-value-1').")

        then: 'what a put returns is offered, and the store is as it was'
        offeredAfterPut.contains("'tab-value-1').version")
        src.ls()*.key == ['api/key', 'db/main', 'db/replica']
    }

    def "after local: and :cd Tab offers the files and directories under the working directory"() {
        given:
        Files.createDirectories(dir.resolve('stores/old'))
        Files.writeString(dir.resolve('stores/secrets.db'), '')

        expect:
        offered(':connect s local:st') == ['local:stores/']
        offered(':connect s local:stores/') == ['local:stores/old/', 'local:stores/secrets.db']
        offered(':ls local:stores/s') == ['local:stores/secrets.db']
        offered(":diff memory:a local:stores/") == ['local:stores/old/', 'local:stores/secrets.db']
        offered("s = open('local:stores/se") == ["open('local:stores/secrets.db'"]
        offered(':cd st') == ['stores/']
        offered(':cd stores/') == ['stores/old/']

        and: 'a directory waits for more, a file is whole'
        !completer.candidates(':connect s local:st').first().complete()
        completer.candidates(':connect s local:stores/se').first().complete()
    }

    def "--transform offers transform names, and --reveal leaves the key to complete"() {
        given:
        session.connect('src', store)

        expect:
        offered(':copy src memory:x --transform json-p') == ['json-pick']
        offered(':get src --reveal ') == ['api/key', 'db/main', 'db/replica']
        offered(':get --reveal src db/') == ['db/main', 'db/replica']
        offered(':get src db/main --rev') == ['--reveal']
    }

    def "run ids are offered newest first"() {
        given: 'two runs, one after the other'
        def state = dir.resolve('.ferry/state.db').toString()
        assert cli.run('--state', state, 'run', 'runbooks/V1__copy.groovy', '--yes').exitCode == 0
        assert cli.run('--state', state, 'run', 'runbooks/V1__copy.groovy', '--yes').exitCode == 0
        def newestFirst = session.runIds()

        expect: 'in the order the terminal shows them, which sorts candidates by their own order'
        newestFirst.size() == 2
        asShown(':show ') == newestFirst
        asShown(':flagged ') == newestFirst
        asShown('flagged(\'') == newestFirst.collect { "flagged('$it'" }
    }

    def "the listing remembered for keys follows ls and put"() {
        given:
        def src = session.connect('src', store)

        when:
        src.ls()
        cli.write(store, SecretRecord.ofText('db/new', 'v4'))
        src.put('api/other', 'v5')

        then: 'a listing replaces what was remembered under its prefix; a put adds its key'
        offered(':get src db/') == ['db/main', 'db/replica']
        offered(':get src api/') == ['api/key', 'api/other']

        when:
        src.ls('db/')

        then:
        offered(':get src db/') == ['db/main', 'db/new', 'db/replica']
    }

    def "Tab on a terminal fed from a stream completes the command being typed"() {
        given:
        def input = new ByteArrayInputStream(':provid\t\n'.getBytes(StandardCharsets.UTF_8))
        def output = new ByteArrayOutputStream()

        when:
        // A 'dumb' terminal type has no key bindings but Enter; 'ansi' has the usual ones, Tab included.
        new DumbTerminal('test', 'ansi', input, output, StandardCharsets.UTF_8).withCloseable { terminal ->
            new Repl(terminal, dir.resolve('history'), cli.host(), new MainCommands(cli.host(), [])).run()
        }

        then: 'the completed :providers ran and listed the schemes'
        def out = output.toString(StandardCharsets.UTF_8)
        out.contains('memory')
        out.contains('local')
        !out.contains('unknown command')
    }
}
