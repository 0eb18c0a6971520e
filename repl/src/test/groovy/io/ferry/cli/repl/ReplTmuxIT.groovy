package io.ferry.cli.repl

import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A scripted session of {@code java -jar ferry.jar repl} in a real terminal (tmux), checked as a
 * person sees it: prompt, completion, tables with colour, masked values, an error, Ctrl-C, Ctrl-D.
 * It needs tmux; without it the test fails and says so, unless {@code -Dferry.tmux=skip} skips it
 * on purpose (Spock reports it as skipped).
 */
@Requires({ System.getProperty('ferry.tmux') != 'skip' })
class ReplTmuxIT extends Specification {

    static final Path JAR = Path.of(System.getProperty('ferry.jar', 'target/ferry.jar')).toAbsolutePath()
    static final String CANARY = 'canary-tmux-3c9e-typed-not-kept'
    static final long PATIENCE_MS = 300_000

    @TempDir
    Path dir

    String socket = "ferry-it-${UUID.randomUUID()}"

    def setup() {
        def found = ['sh', '-c', 'command -v tmux'].execute()
        found.waitFor()
        if (found.exitValue() != 0) {
            throw new AssertionError('tmux is not on PATH: this test drives the REPL in a real terminal through it. '
                    + 'Install it (apt-get install tmux), or skip this test on purpose with -Dferry.tmux=skip')
        }
        assert Files.isRegularFile(JAR)
    }

    def cleanup() {
        tmux('kill-server')
    }

    def "a person at a terminal sees the prompt, completion, tables in colour, masked values, errors and Ctrl-C"() {
        given:
        String java = Path.of(System.getProperty('java.home'), 'bin', 'java')
        tmux('new-session', '-d', '-s', 'repl', '-x', '140', '-y', '50', '-c', dir.toString(),
                "env FERRY_REPL_HISTORY=${dir.resolve('history')} FERRY_JOURNAL_KEY_FILE=${dir.resolve('journal.key')} "
                        + "$java -jar $JAR repl")

        expect: 'the prompt'
        waitForPane('ferry>')  // tmux drops the space that ends a line

        when: 'Tab completes a command, which then runs'
        keys(':conn', 'Tab')
        keys(' s memory:tmux', 'Enter')

        then:
        waitForPane('s = store memory:tmux')

        when: 'a value is written and listed'
        keys("s.put('app/db', '$CANARY')", 'Enter')
        keys("s.put('app/api', 'second-value')", 'Enter')
        keys("s.ls()", 'Enter')

        then: 'the listing is a table with a bold header and the columns of ferry ls'
        waitUntil { pane() =~ /(?m)^app\/db +\S+ +\S+/ }
        pane() =~ /(?m)^KEY +VERSION +UPDATED +TAGS *$/
        pane(true).contains('\u001b[1mKEY')

        when: 'a record is read'
        keys("rec = s.get('app/db')", 'Enter')

        then: 'its value prints masked'
        waitForPane('SecretRecord[key=app/db, value=SecretValue[')
        !pane().contains(CANARY + ',')

        when: 'a syntax error, then an endless loop stopped with Ctrl-C'
        keys('x = = 1', 'Enter')
        waitForPane('error: ')
        keys('n = 20', 'Enter')
        waitForPane('20\nferry>')
        keys("println 'loop' + 'ing'; while (true) { }", 'Enter')
        waitForRow('looping')
        keys('C-c')

        then: 'the shell is still there, with its variables'
        waitForPane('error: stopped by Ctrl-C')
        keys('n + 22', 'Enter')
        // The next prompt, drawn once the shell reads keys again: a Ctrl-D typed ahead of it would
        // reach the terminal's own line editing, which drops it, rather than the shell.
        waitForPane('42\nferry>')

        when: 'Ctrl-D leaves'
        keys('C-d')

        then: 'the session ends and the history kept no value'
        waitUntil { !tmux('has-session', '-t', 'repl').ok }
        def history = Files.readString(dir.resolve('history'))
        !history.contains(CANARY)
        history.contains(MaskingHistory.PLACEHOLDER)
        history.contains('n + 22')
    }

    /** Starts the shell in tmux, with PAGER as given (unset when null), and fills memory:big with 20,000 secrets. */
    void startWithBigStore(String pager) {
        String java = Path.of(System.getProperty('java.home'), 'bin', 'java')
        String pagerSetting = pager == null ? '-u PAGER' : "PAGER=$pager"
        tmux('new-session', '-d', '-s', 'repl', '-x', '140', '-y', '50', '-c', dir.toString(),
                "env $pagerSetting FERRY_REPL_HISTORY=${dir.resolve('history')} "
                        + "FERRY_JOURNAL_KEY_FILE=${dir.resolve('journal.key')} $java -jar $JAR repl")
        waitForPane('ferry>')
        keys('big = create(\'memory:big\'); (1..20000).each { big.put("k/$it", "value-number-$it") }', 'Enter')
        waitForPane('20000 values written to memory:big')
        keys('C-l')
    }

    def "a 20,000-key store: rows to query, a table capped to the screen, and Ctrl-C in the middle of printing it all"() {
        given: 'a loop of puts shows a count, not a line per put'
        startWithBigStore(null)

        when: 'a listing inside an expression prints nothing but its result'
        keys("big.ls().findAll { it.key.startsWith('k/19') }.size()", 'Enter')

        then:
        waitForPane('\n1111\n')
        !(pane() =~ /(?m)^k\/19 /)

        when: 'the listing is the line\'s result'
        keys(':ls big', 'Enter')

        then: 'the CLI\'s columns, as many rows as the screen holds, and how to see the rest'
        waitUntil { pane() =~ /\d+ more; :ls big --all/ }
        pane() =~ /(?m)^KEY +VERSION +UPDATED +TAGS *$/
        def shown = (pane() =~ /(\d+) more; :ls big --all/)[0][1] as int
        shown > 19_900 && shown < 20_000

        when: 'the whole table is asked for, its output held by the terminal (Ctrl-S) once it starts, and Ctrl-C pressed'
        keys("rows = big.ls(); println 'rea' + 'dy'; while (!new File('go').exists()) { sleep 20 }; "
                + "new File('printing').text = 'now'; rows.printAll()", 'Enter')
        waitForRow('ready')
        keys('C-s')
        Files.createFile(dir.resolve('go'))
        waitUntil { Files.exists(dir.resolve('printing')) }
        keys('C-c')
        keys('C-q')

        then: 'the print stops part way, and the shell is still there'
        waitForPane('error: stopped by Ctrl-C')
        def stopped = (pane() =~ /the output stopped after (\d+) of 20000 rows/)
        stopped.find()
        (stopped.group(1) as int) < 20_000

        when: 'Tab after a start that 20,000 keys share'
        keys('C-l')
        keys(':get big k/', 'Tab')

        then: 'the next steps are offered, none hidden behind the others'
        waitUntil { pane() =~ /k\/1 +k\/2 +k\/3 +k\/4 +k\/5 +k\/6 +k\/7 +k\/8 +k\/9/ }

        when: 'one more character, and Tab again'
        keys('2', 'Tab')

        then: 'the key k/2 itself and the starts of the longer ones'
        waitUntil { pane() =~ /k\/2 +k\/20 +k\/21/ && pane() =~ /k\/29/ }

        when: 'the line is dropped and the shell used again'
        keys('C-u')
        keys('big.uri', 'Enter')

        then:
        waitForPane('memory:big\nferry>')
    }

    def "a table longer than the screen goes through the pager set in PAGER"() {
        given:
        startWithBigStore('less')

        when:
        keys(':ls big', 'Enter')

        then: 'the pager shows the first rows and waits'
        waitUntil { pane() =~ /(?m)^k\/1 / && pane() =~ /(?m)^:/ }

        when: 'the pager is left'
        keys('q')

        then: 'the prompt is back'
        waitUntil { pane().trim().endsWith('ferry>') }
    }

    def "Tab in a real terminal completes after an expression and a path after local:"() {
        given: 'a directory with a store file, and a shell with a record read'
        Files.createDirectories(dir.resolve('stores'))
        Files.writeString(dir.resolve('stores/vault.db'), '')
        String java = Path.of(System.getProperty('java.home'), 'bin', 'java')
        tmux('new-session', '-d', '-s', 'repl', '-x', '140', '-y', '50', '-c', dir.toString(),
                "env FERRY_REPL_HISTORY=${dir.resolve('history')} FERRY_JOURNAL_KEY_FILE=${dir.resolve('journal.key')} "
                        + "$java -jar $JAR repl")
        waitForPane('ferry>')
        keys("s = create('memory:tab'); s.put('app/db', '$CANARY')", 'Enter')
        waitForPane('created app/db in memory:tab')
        keys("rec = s.get('app/db')", 'Enter')
        waitForPane('SecretRecord[key=app/db')

        when: 'Tab after the value of the record'
        keys('rec.value.', 'Tab')

        then: 'what a masked value takes, not the shell\'s functions'
        waitUntil { pane().contains('size()') && pane() =~ /\btext\(\)/ }
        !pane().contains('runbook {')

        when: 'the line is dropped, and Tab pressed after the start of a path'
        keys('C-u')
        keys(':connect l local:sto', 'Tab')

        then: 'the directory, which waits for more'
        waitForPane(':connect l local:stores/')

        when:
        keys('v', 'Tab')

        then: 'the file in it'
        waitForPane(':connect l local:stores/vault.db')

        when: 'the line is dropped and the shell used again'
        keys('C-u')
        keys('s.uri', 'Enter')

        then:
        waitForPane('memory:tab\nferry>')
        !pane().contains(CANARY + ',')
    }

    void keys(String... keys) {
        assert tmux(['send-keys', '-t', 'repl'] + (keys as List) as String[]).ok
    }

    String pane(boolean escapes = false) {
        tmux(escapes ? ['capture-pane', '-p', '-e', '-t', 'repl'] as String[] : ['capture-pane', '-p', '-t', 'repl'] as String[]).out
    }

    void waitForPane(String text) {
        waitUntil { pane().contains(text) }
    }

    /**
     * Waits for a row of output that is exactly {@code text}. The text a line prints is built so
     * that it never appears in the line as typed: tmux may capture a line half echoed, and a row
     * ending in the printed text would be taken for the output before the line was even read.
     */
    void waitForRow(String text) {
        waitUntil { pane().readLines().any { it.strip() == text } }
    }

    void waitUntil(Closure<Boolean> condition) {
        long deadline = System.currentTimeMillis() + PATIENCE_MS
        while (!condition()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the terminal did not get there; it shows:\n${pane()}")
            }
            Thread.sleep(50)
        }
    }

    Map tmux(String... args) {
        def process = new ProcessBuilder(['tmux', '-L', socket] + (args as List)).redirectErrorStream(true).start()
        def out = process.inputStream.getText('UTF-8')
        assert process.waitFor(PATIENCE_MS, TimeUnit.MILLISECONDS): "tmux ${args.join(' ')} did not end"
        [ok: process.exitValue() == 0, out: out]
    }
}
