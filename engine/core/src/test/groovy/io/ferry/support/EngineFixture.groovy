package io.ferry.support

import io.ferry.api.Ferry
import io.ferry.run.Cancellation
import io.ferry.run.ProgressListener
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.SecretProvider
import io.ferry.spi.pacing.Backoff

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/** A Ferry engine on a temporary directory: its own state store, journal key and audit trail. */
class EngineFixture implements AutoCloseable {

    static final String PASSPHRASE = 'correct horse battery staple'

    final Path dir
    final Ferry ferry
    final Cancellation cancellation = new Cancellation()
    final List<SecretProvider> opened = []

    EngineFixture(Path dir, ProgressListener progress = ProgressListener.NONE) {
        this.dir = dir
        this.ferry = Ferry.configure()
                .workingDirectory(dir)
                .state(TestState.text(dir))
                .journalKeyFile(dir.resolve('keys/journal.key'))
                .providerContext(context(dir))
                .backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)))
                .cancellation(cancellation)
                .progress(progress)
                .actor('spec')
                .load()
    }

    static ProviderContext context(Path dir) {
        new ProviderContext(dir, [FERRY_LOCAL_PASSPHRASE: PASSPHRASE], ProviderContext.PassphraseSource.none())
    }

    SecretProvider open(String uri) {
        def p = ferry.open(uri)
        opened << p
        p
    }

    static void seed(SecretProvider p, Map<String, String> values) {
        values.each { k, v -> p.write(SecretRecord.ofText(k, v), io.ferry.spi.WriteCondition.upsert(), io.ferry.spi.WriteOptions.none()) }
    }

    /** Every byte under the directory (state store, WAL, audit trails) and of a state store on PostgreSQL, as ISO-8859-1 text for searching. */
    String allBytes() {
        def sb = new StringBuilder()
        Files.walk(dir).withCloseable { s ->
            s.filter { Files.isRegularFile(it) }.forEach { sb.append(new String(Files.readAllBytes(it), 'ISO-8859-1')) }
        }
        if (TestState.postgres()) {
            sb.append(TestState.contents(dir))
        }
        sb.toString()
    }

    @Override
    void close() {
        opened.each { it.close() }
        ferry.close()
    }
}
