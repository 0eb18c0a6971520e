package io.ferry.cli.repl

import io.ferry.cli.FerryCli
import io.ferry.cli.MainCommands
import io.ferry.secret.SecretRecord
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.util.concurrent.CancellationException

class StoreHandleSpec extends Specification {

    @TempDir
    Path dir

    def "a listing interrupted by Ctrl-C stops and says how far it got; the next one runs"() {
        given:
        def cli = new FerryCli(dir)
        def uri = "memory:handle-${UUID.randomUUID()}"
        cli.write(uri, SecretRecord.ofText('a', '1'), SecretRecord.ofText('b', '2'))
        def screen = new StringWriter()
        def session = new ReplSession(cli.host(), new MainCommands(cli.host(), []), new PrintWriter(screen), false)
        def store = session.open(uri)

        when: 'Ctrl-C has interrupted the thread the listing runs on'
        Thread.currentThread().interrupt()
        store.ls()

        then:
        def e = thrown(CancellationException)
        e.message == 'listing stopped by Ctrl-C after 0 keys'
        !screen.toString().contains('KEY')

        when: 'the next listing runs to its end'
        Thread.interrupted()
        def keys = store.ls()

        then:
        keys*.key == ['a', 'b']
        store.keysStartingWith('') == ['a', 'b']

        cleanup:
        Thread.interrupted()
        session?.close()
    }
}
