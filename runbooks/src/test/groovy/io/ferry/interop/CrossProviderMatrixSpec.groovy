package io.ferry.interop

import io.ferry.api.Ferry
import io.ferry.runbook.Runbook
import io.ferry.secret.SecretRecord
import io.ferry.spi.Ownership
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.state.RunStatus
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.lang.TempDir

/**
 * For every ordered pair of the five stores, a run copies the fixed corpus from one to the other
 * through the real adapters and their wire servers, and every value must arrive byte for byte. What
 * else survives (tags, content types) and the largest value each pair carries make the table in the
 * README, which this specification checks against what it saw.
 */
@Stepwise
class CrossProviderMatrixSpec extends Specification {

    static final String BEGIN = '<!-- matrix:begin -->'
    static final String END = '<!-- matrix:end -->'

    @Shared
    @TempDir
    Path dir

    @Shared
    Map<String, StoreFixture> stores = [:]

    @Shared
    Ferry ferry

    /** What survived, by source and target name. */
    @Shared
    Map<String, Map<String, String>> survived = [:].withDefault { [:] }

    def setupSpec() {
        StoreFixture.NAMES.each { stores[it] = StoreFixture.start(it, dir) }
        ferry = Interop.engine(dir, stores.values())
    }

    def cleanupSpec() {
        ferry?.close()
        stores.values()*.close()
    }

    def "#from to #to: every value of the corpus arrives byte for byte"() {
        given: 'the corpus in a fresh scope of the source'
        String sourceUri = stores[from].uri()
        String targetUri = stores[to].uri()
        def source = ferry.open(sourceUri)
        def target = ferry.open(targetUri)
        int largest = Interop.largestValue([source, target])
        def corpus = Interop.corpus(largest)
        corpus.values().each { source.write(it, WriteCondition.createOnly(), WriteOptions.none()) }

        when:
        def result = ferry.run(Runbook.builder().name("$from-to-$to").source(sourceUri).target(targetUri).build())

        then:
        result.status() == RunStatus.SUCCEEDED
        def arrived = corpus.keySet().collectEntries { [it, target.read(it).orElse(null)] }
        arrived.every { key, record -> record != null && record.value() == corpus[key].value() }

        cleanup:
        survived[from][to] = describe(corpus, arrived, largest)
        source?.close()
        target?.close()

        where:
        [from, to] << [StoreFixture.NAMES, StoreFixture.NAMES].combinations()
    }

    def "the README's table says what survives each pair, as seen above"() {
        given:
        Path readme = Path.of(System.getProperty('ferry.runbooks')).resolve('../README.md')
        String text = Files.readString(readme)
        String table = table()
        Files.createDirectories(Path.of('target'))
        Files.writeString(Path.of('target/provider-matrix.md'), table + '\n')

        expect: 'the section between the matrix markers is the table this run produced'
        text.contains(BEGIN) && text.contains(END)
        text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END)).trim() == table.trim()
    }

    /** One cell: which tags and content types arrived, and the largest value carried. */
    static String describe(Map<String, SecretRecord> corpus, Map<String, SecretRecord> arrived, int largest) {
        if (arrived.values().any { it == null }) {
            return 'records missing'
        }
        def tags = arrived.tagged.tags().findAll { k, v -> k != Ownership.TAG }
        String tagCell = tags == Interop.TAGS ? 'tags' : 'no tags'
        def typed = corpus.keySet().findAll { arrived[it].contentType() == corpus[it].contentType() }
        String typeCell = typed.size() == corpus.size() ? 'types'
                : typed.isEmpty() ? 'no types'
                : 'types of ' + ['json-fields': 'JSON', 'binary-bytes': 'binary', 'plain-text': 'text']
                        .findAll { k, v -> k in typed }.values().join(', ')
        "$tagCell, $typeCell, ${String.format('%,d', largest)} B"
    }

    String table() {
        def names = StoreFixture.NAMES
        def lines = ['| from \\ to | ' + names.join(' | ') + ' |', '|---|' + names.collect { '---' }.join('|') + '|']
        names.each { from ->
            lines << "| **$from** | " + names.collect { to -> survived[from][to] ?: 'not run' }.join(' | ') + ' |'
        }
        lines.join('\n')
    }
}
