package io.ferry.cli.host

import io.ferry.run.Cancellation
import spock.lang.Specification

class CtrlCSpec extends Specification {

    def "the first Ctrl-C asks the engine to stop at its next safe point"() {
        given:
        def cancellation = new Cancellation()
        def err = new StringWriter()
        def halted = []
        def ctrlC = new CtrlC(cancellation, new PrintWriter(err), { halted << it })

        when:
        ctrlC.pressed()

        then:
        cancellation.requested()
        halted.isEmpty()
        err.toString().contains('stopping after the current batch; press Ctrl-C again to quit at once')
    }

    def "a second Ctrl-C quits at once with exit code 130"() {
        given:
        def halted = []
        def ctrlC = new CtrlC(new Cancellation(), new PrintWriter(new StringWriter()), { halted << it })

        when:
        ctrlC.pressed()
        ctrlC.pressed()

        then:
        halted == [130]
    }

    def "the handler is installed for the duration of the work and removed afterwards"() {
        given:
        def cancellation = new Cancellation()

        when:
        def ctrlC = CtrlC.install(cancellation, new PrintWriter(new StringWriter()))
        ctrlC.close()

        then:
        !cancellation.requested()
        noExceptionThrown()
    }
}
