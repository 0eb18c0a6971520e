package io.ferry.report

import com.fasterxml.jackson.databind.ObjectMapper
import io.ferry.secret.SecretRecord
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.support.EngineFixture
import io.ferry.support.HeadlessChromium
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/** Whatever a key holds, report.html stays one intact page that a browser renders in full. */
class ReportPageKeysSpec extends Specification {

    /** Keys that end or confuse a script element, a comment, CDATA, an attribute or the page's own placeholders. */
    static final List<String> KEYS = [
            'app/<!--',
            'app/</script><script>document.title="taken"</script>',
            'app/]]>',
            'app/"quoted" and \'single\'',
            'app/{{DATA}}{{TITLE}}',
            'app/<img src=x onerror=alert(1)>',
            'app/line\u2028separator',
            'app/&amp;',
    ]

    @TempDir
    Path dir

    @AutoCleanup
    EngineFixture engine

    def "a run whose keys hold markup gets a page that renders every key as text"() {
        given: 'a source whose keys hold markup, each flagged by the runbook so that the page lists it'
        engine = new EngineFixture(dir)
        def sourceUri = "memory:report-keys-${UUID.randomUUID()}"
        def source = engine.open(sourceUri)
        KEYS.each { source.write(SecretRecord.ofText(it, 'value'), WriteCondition.upsert(), WriteOptions.none()) }
        def file = dir.resolve('V1__markup_keys.groovy')
        Files.writeString(file, """
            runbook {
                source '${sourceUri}'
                target 'memory:report-keys-target-${UUID.randomUUID()}'
                transform { rec -> flag 'looked at' }
            }
        """)

        when: 'it runs and its page is rendered'
        def runId = engine.ferry.run(engine.ferry.load(file)).runId()
        def page = engine.ferry.reportDirectory(runId).resolve('report.html')
        def dom = HeadlessChromium.find().dumpDom(page)

        then: "the page's script parsed its data and drew it"
        dom.contains('data-rendered="true"')
        dom.contains('id="flagged-count">8<')

        and: 'every key is text in the flagged table, none became markup'
        KEYS.every { dom.contains(asText(it)) }
        !dom.contains('<img src="x"')
        !dom.contains('<title>taken')

        and: 'report.json holds the keys as they are'
        new ObjectMapper().readValue(engine.ferry.reportDirectory(runId).resolve('report.json').toFile(), Map)
                .flagged*.sourceKey.sort() == KEYS.sort()
    }

    def "the data a page holds is read back unchanged by a JSON parser"() {
        given:
        def json = new ObjectMapper().writeValueAsString([keys: KEYS])

        when:
        def safe = ReportWriter.scriptSafe(json)

        then: 'nothing in it can end the script element or open a comment'
        !safe.contains('<')
        !safe.contains('>')
        !safe.contains('\u2028')

        and: 'it is the same data'
        new ObjectMapper().readValue(safe, Map).keys == KEYS
    }

    /** A text node as the browser's DOM dump writes it. */
    private static String asText(String key) {
        key.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('\u00a0', '&nbsp;')
    }
}
