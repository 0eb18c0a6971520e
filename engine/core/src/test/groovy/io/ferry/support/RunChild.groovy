package io.ferry.support

import io.ferry.api.Ferry
import io.ferry.runbook.Discovery
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.transform.Transform
import io.ferry.transform.TransformContext

import java.nio.file.Path

/**
 * The program a kill test starts in a child JVM and kills: a local-to-local run slowed down enough
 * (a transform that sleeps, a write-rate cap) to be killed at a chosen point.
 */
class RunChild {

    static final int RECORDS = 3000

    static Runbook runbook(String source = 'local:source.db', String target = 'local:target.db') {
        def slow = new Transform() {
            String name() { 'slow-tag' }

            List<SecretRecord> apply(SecretRecord r, TransformContext c) {
                Thread.sleep(1)
                [r.toBuilder().tag('moved', 'yes').build()]
            }
        }
        Runbook.builder().name('kill-test')
                .source(source).target(target)
                .discovery(new Discovery([], [], [], [], 100, 20))
                .transform(slow)
                .execution(new Execution(4, 3, OnError.STOP, 50, 1000))
                .build()
    }

    static String value(int i) {
        "value-${i}-" + ('x' * (i % 50))
    }

    static void main(String[] args) {
        Path dir = Path.of(args[0])
        def engine = new EngineFixture(dir)
        try {
            def result = engine.ferry.run(runbook())
            println "finished ${result.runId()} ${result.status()}"
        } finally {
            engine.close()
        }
    }
}
