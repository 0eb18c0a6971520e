package io.ferry.dsl

import io.ferry.api.Ferry
import io.ferry.api.FerryException
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.ProviderSpec
import io.ferry.transform.TransformRegistry
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** {@code env('NAME')} and {@code env('NAME', 'default')}: the environment the engine was configured with. */
class EnvFunctionSpec extends Specification {

    static final String FILE = 'V1__env.groovy'

    @TempDir
    Path dir

    def compile(Map<String, String> environment, String source) {
        new RunbookCompiler(TransformRegistry.load(), ProviderRegistry.load(), environment).compile(source, FILE)
    }

    def "env reads a variable of the configured environment, in provider options and in any block"() {
        when:
        def runbook = compile([AWS_ENDPOINT: 'http://127.0.0.1:4566', TEAM: 'payments'], '''\
            runbook {
                source aws(region: 'us-east-1', endpoint: env('AWS_ENDPOINT'))
                target env('TARGET_URI', 'azure:https://payments.vault.azure.net')
                discovery { include "${env('TEAM')}/**" }
            }'''.stripIndent())

        then:
        runbook.source() == new ProviderSpec('aws', null, [region: 'us-east-1', endpoint: 'http://127.0.0.1:4566'])
        runbook.target().toUri() == 'azure:https://payments.vault.azure.net'
        runbook.discovery().includes() == ['payments/**']
    }

    def "a set variable wins over the default"() {
        expect:
        compile([TARGET_URI: 'azure:https://staging.vault.azure.net'],
                "runbook { source 'aws:old'; target env('TARGET_URI', 'azure:https://payments.vault.azure.net') }")
                .target().toUri() == 'azure:https://staging.vault.azure.net'
    }

    def "a missing variable without a default is a problem at its line, with every other problem"() {
        when:
        compile([:], '''\
            runbook {
                source aws(endpoint: env('AWS_ENDPOINT'))
                target env('TARGET_URI')
            }'''.stripIndent())

        then:
        def e = thrown(RunbookException)
        e.problems().collect { "${it.file()}:${it.line()}:${it.column()}: ${it.message()}".toString() } == [
                "$FILE:2:1: environment variable AWS_ENDPOINT is not set; set it, or give a default: env('AWS_ENDPOINT', 'VALUE')".toString(),
                "$FILE:3:1: environment variable TARGET_URI is not set; set it, or give a default: env('TARGET_URI', 'VALUE')".toString()]
    }

    def "the checks before the run know env in every block and still report a misspelt word next to it"() {
        when:
        compile([P: 'app/'], '''\
            runbook {
                source aws(prefix: env('P'))
                target 'azure:new'
                discovery { include env('P') + '**'; exlude 'x' }
            }'''.stripIndent())

        then:
        def e = thrown(RunbookException)
        e.problems().size() == 1
        e.problems()[0].line() == 4
        e.problems()[0].message().contains("exlude")
    }

    def "a Ferry reads runbooks with the environment of its provider context, not the process's"() {
        given:
        def file = dir.resolve('V1__env.groovy')
        Files.writeString(file, "runbook { source env('FERRY_ENV_SPEC_SOURCE'); target 'memory:b' }")
        def ferry = Ferry.configure().workingDirectory(dir).journalKeyFile(dir.resolve('journal.key'))
                .providerContext(new ProviderContext(dir, [FERRY_ENV_SPEC_SOURCE: 'memory:a'], ProviderContext.PassphraseSource.none()))
                .load()

        expect:
        ferry.load(file).source().toUri() == 'memory:a'

        cleanup:
        ferry?.close()
    }

    def "through a Ferry, a missing variable is a usage error naming the file and line"() {
        given:
        def file = dir.resolve('V1__env.groovy')
        Files.writeString(file, "runbook {\n  source env('FERRY_ENV_SPEC_UNSET')\n  target 'memory:b'\n}")
        def ferry = Ferry.configure().workingDirectory(dir).journalKeyFile(dir.resolve('journal.key'))
                .providerContext(new ProviderContext(dir, [:], ProviderContext.PassphraseSource.none()))
                .load()

        when:
        ferry.load(file)

        then:
        def e = thrown(FerryException)
        e.message.contains('V1__env.groovy:2:1')
        e.message.contains('FERRY_ENV_SPEC_UNSET is not set')

        cleanup:
        ferry?.close()
    }
}
