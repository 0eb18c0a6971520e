package io.ferry.dsl

import io.ferry.runbook.Discovery
import io.ferry.runbook.Execution
import io.ferry.runbook.OnError
import io.ferry.runbook.OnExisting
import io.ferry.runbook.OnFailure
import io.ferry.runbook.OnSoftDeleted
import io.ferry.runbook.Planning
import io.ferry.runbook.Runbook
import io.ferry.runbook.Stage
import io.ferry.runbook.Validation
import io.ferry.spi.ProviderSpec
import io.ferry.transform.TransformRegistry
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

class RunbookOptionsSpec extends RunbookSpecification {

    @TempDir
    Path dir

    def "#snippet sets the option to #expected"() {
        expect:
        read(compileOptions(snippet)) == expected

        where:
        snippet                                                    | read                                      || expected
        "description 'Copy app secrets'"                           | { Runbook r -> r.description() }          || 'Copy app secrets'
        "discovery { include 'app/**' }"                           | { Runbook r -> r.discovery().includes() } || ['app/**']
        "discovery { include 'a/*', 'b/**'; include 'c' }"         | { Runbook r -> r.discovery().includes() } || ['a/*', 'b/**', 'c']
        "discovery { exclude 'app/tmp/*'; exclude 'x/**' }"        | { Runbook r -> r.discovery().excludes() } || ['app/tmp/*', 'x/**']
        "discovery { pageSize 50 }"                                | { Runbook r -> r.discovery().pageSize() } || 50
        "discovery { batchSize 7 }"                                | { Runbook r -> r.discovery().batchSize() } || 7
        "discovery { disabled 'skip' }"                            | { Runbook r -> r.discovery().skipDisabled() } || true
        "discovery { disabled 'copy' }"                            | { Runbook r -> r.discovery().skipDisabled() } || false
        "planning { onExisting 'skip' }"                           | { Runbook r -> r.planning().onExisting() } || OnExisting.SKIP
        "planning { onExisting 'update' }"                         | { Runbook r -> r.planning().onExisting() } || OnExisting.UPDATE
        "planning { onExisting 'fail' }"                           | { Runbook r -> r.planning().onExisting() } || OnExisting.FAIL
        "planning { takeOwnership true }"                          | { Runbook r -> r.planning().takeOwnership() } || true
        "planning { takeOwnership false }"                         | { Runbook r -> r.planning().takeOwnership() } || false
        "planning { onSoftDeleted 'recover' }"                     | { Runbook r -> r.planning().onSoftDeleted() } || OnSoftDeleted.RECOVER
        "planning { onSoftDeleted 'purge' }"                       | { Runbook r -> r.planning().onSoftDeleted() } || OnSoftDeleted.PURGE
        "execution { concurrency 8 }"                              | { Runbook r -> r.execution().concurrency() } || 8
        "execution { concurrency 256 }"                            | { Runbook r -> r.execution().concurrency() } || 256
        "execution { retries 0 }"                                  | { Runbook r -> r.execution().retries() } || 0
        "execution { onError 'skip' }"                             | { Runbook r -> r.execution().onError() } || OnError.SKIP
        "execution { onError 'stop' }"                             | { Runbook r -> r.execution().onError() } || OnError.STOP
        "execution { onError 'flag' }"                             | { Runbook r -> r.execution().onError() } || OnError.FLAG
        "execution { batchSize 64 }"                               | { Runbook r -> r.execution().batchSize() } || 64
        "execution { writesPerSecond 500 }"                        | { Runbook r -> r.execution().writesPerSecond() } || 500.0d
        "execution { writesPerSecond 2.5 }"                        | { Runbook r -> r.execution().writesPerSecond() } || 2.5d
        "validation { compare 'full' }"                            | { Runbook r -> r.validation().compare() } || Validation.Compare.FULL
        "validation { compare 'none' }"                            | { Runbook r -> r.validation().compare() } || Validation.Compare.NONE
        "validation { compare sample(0.1) }"                       | { Runbook r -> [r.validation().compare(), r.validation().sampleFraction()] } || [Validation.Compare.SAMPLE, 0.1d]
        "validation { minMatchRate 0.99 }"                         | { Runbook r -> r.validation().minMatchRate() } || 0.99d
        "validation { minMatchRate 1 }"                            | { Runbook r -> r.validation().minMatchRate() } || 1.0d
        "validation { onFailure 'stop' }"                          | { Runbook r -> r.validation().onFailure() } || OnFailure.STOP
        "validation { onFailure 'rollback' }"                      | { Runbook r -> r.validation().onFailure() } || OnFailure.ROLLBACK
        "def n = 3\nexecution { concurrency n * 2 }"               | { Runbook r -> r.execution().concurrency() } || 6
        'def team = "app"\ndiscovery { include "$team/**" }'        | { Runbook r -> r.discovery().includes() } || ['app/**']
        "['a/**', 'b/**'].each { g -> discovery { include g } }"   | { Runbook r -> r.discovery().includes() } || ['a/**', 'b/**']
    }

    def "an option left out keeps the model's default"() {
        when:
        Runbook runbook = compileOptions('')

        then:
        runbook.description() == ''
        runbook.discovery().includes().isEmpty()
        runbook.discovery().pageSize() == Discovery.DEFAULT_PAGE_SIZE
        !runbook.discovery().skipDisabled()
        runbook.planning() == Planning.defaults()
        runbook.execution() == Execution.defaults()
        runbook.validation() == Validation.defaults()
        runbook.transforms().isEmpty()
    }

    def "#written names the provider #expected"() {
        expect:
        compile("runbook {\n    source 'aws:old'\n    target $written\n}").target() == expected

        where:
        written                                                   || expected
        "'azure:vault'"                                           || new ProviderSpec('azure', 'vault', [:])
        "'aws:us-east-1/payments/?endpoint=http://127.0.0.1:4566'" || new ProviderSpec('aws', 'us-east-1/payments/', [endpoint: 'http://127.0.0.1:4566'])
        "azure()"                                                 || new ProviderSpec('azure', '', [:])
        "azure('payments')"                                       || new ProviderSpec('azure', 'payments', [:])
        "azure('payments', emulate: 'aws')"                       || new ProviderSpec('azure', 'payments', [emulate: 'aws'])
        "aws(region: 'us-east-1', prefix: 'payments/')"           || new ProviderSpec('aws', '', [region: 'us-east-1', prefix: 'payments/'])
        "aws(region: 'eu-west-1', retries: 3, fips: true)"        || new ProviderSpec('aws', '', [region: 'eu-west-1', retries: '3', fips: 'true'])
        "aws('us-east-1/payments/', endpoint: 'http://localhost')" || new ProviderSpec('aws', 'us-east-1/payments/', [endpoint: 'http://localhost'])
    }

    def "a provider function can be called anywhere in the file"() {
        when:
        Runbook runbook = compile('''
            def old = aws(region: 'us-east-1')
            runbook {
                source old
                target azure('new')
            }
        ''')

        then:
        runbook.source() == new ProviderSpec('aws', '', [region: 'us-east-1'])
        runbook.target() == new ProviderSpec('azure', 'new', [:])
    }

    def "a named transform is created from the registry with its arguments"() {
        when:
        Runbook runbook = compileOptions("transform 'rename', from: ~/^app\\//, to: 'svc/'")

        then:
        runbook.transforms()*.name() == ['rename']
        with(runbook.transforms()[0] as RenameTransformFactory.Rename) {
            from.pattern() == '^app/'
            to == 'svc/'
        }
    }

    def "transforms keep the order they are written in"() {
        when:
        Runbook runbook = compile('''runbook { source 'aws:old'; target 'azure:new'
            transform { rec -> rec.key = rec.key + '-1' }
            transform 'rename', from: ~/^app/, to: 'svc'
            transform { rec -> rec.key = rec.key + '-2' }
        }''')

        then:
        runbook.transforms()*.name() == ["closure@$FILE:2", 'rename', "closure@$FILE:4"]*.toString()
    }

    def "a runbook compiled from a file is named after the file and keeps it as its origin"() {
        given:
        Path file = dir.resolve('V7__move_payments.groovy')
        Files.writeString(file, "runbook {\n    source 'aws:old'\n    target 'azure:new'\n}\n")

        when:
        Runbook runbook = compiler.compile(file)

        then:
        runbook.name() == 'V7__move_payments'
        runbook.origin() == file
    }

    def "a runbook compiled from text is named after the file name and has no origin"() {
        when:
        Runbook runbook = compiler.compile("runbook { source 'aws:a'; target 'azure:b' }", 'runbooks/V2__copy-app.groovy')

        then:
        runbook.name() == 'V2__copy-app'
        runbook.origin() == null
    }

    def "the example runbook #name compiles"() {
        when:
        Runbook runbook = compiler.compile(example(name))

        then:
        runbook.name() == name - '.groovy'
        runbook.source().scheme() == 'aws'
        runbook.target().scheme() == 'azure'
        !runbook.transforms().isEmpty()

        where:
        name << ['V1__copy_app_secrets.groovy', 'V2__payments_aws_to_azure.groovy']
    }

    def "the example runbook sets every option it writes"() {
        when:
        Runbook runbook = compiler.compile(example('V1__copy_app_secrets.groovy'))

        then:
        runbook.description() == 'Copy app secrets to the new store'
        runbook.source() == new ProviderSpec('aws', '', [region: 'us-east-1', prefix: 'app/'])
        runbook.target() == new ProviderSpec('azure', 'apps', [prefix: 'app/'])
        runbook.discovery().includes() == ['app/**']
        runbook.discovery().excludes() == ['app/tmp/*']
        runbook.discovery().excludeIf().size() == 1
        runbook.discovery().pageSize() == 100
        runbook.discovery().batchSize() == 20
        runbook.transforms()*.name() == ['rename', 'closure@V1__copy_app_secrets.groovy:18']
        runbook.planning() == new Planning(OnExisting.UPDATE, true)
        runbook.execution() == new Execution(8, 3, OnError.FLAG, 256, 500)
        runbook.validation() == new Validation(Validation.Compare.FULL, 1.0, 1.0, OnFailure.ROLLBACK)
        runbook.before(Stage.DISCOVERY).size() == 1
        runbook.after(Stage.DISCOVERY).size() == 1
        runbook.before(Stage.EXECUTION).size() == 1
        runbook.rollbackHooks().size() == 1
    }

    def "the Java builder and the DSL give the same options for the same runbook"() {
        given:
        TransformRegistry transforms = TransformRegistry.load()
        Runbook java = Runbook.builder()
                .name('V1__copy_app_secrets')
                .description('Copy app secrets to the new store')
                .source(new ProviderSpec('aws', '', [region: 'us-east-1', prefix: 'app/']))
                .target('azure:apps?prefix=app/')
                .discovery(new Discovery(['app/**'], ['app/tmp/*'], [], [{ it.tags.env == 'dev' }], 100, 20))
                .transform(transforms.create('rename', [from: ~/^app\//, to: 'svc/']))
                .planning(new Planning(OnExisting.UPDATE, true))
                .execution(new Execution(8, 3, OnError.FLAG, 256, 500))
                .validation(new Validation(Validation.Compare.FULL, 1.0, 1.0, OnFailure.ROLLBACK))
                .build()

        when:
        Runbook dsl = compiler.compile(example('V1__copy_app_secrets.groovy'))

        then:
        dsl.name() == java.name()
        dsl.description() == java.description()
        dsl.source() == java.source()
        dsl.target() == java.target()
        dsl.discovery().includes() == java.discovery().includes()
        dsl.discovery().excludes() == java.discovery().excludes()
        dsl.discovery().excludeIf().size() == java.discovery().excludeIf().size()
        dsl.discovery().pageSize() == java.discovery().pageSize()
        dsl.discovery().batchSize() == java.discovery().batchSize()
        dsl.transforms()[0].name() == java.transforms()[0].name()
        dsl.planning() == java.planning()
        dsl.execution() == java.execution()
        dsl.validation() == java.validation()
    }

    private static Path example(String name) {
        Paths.get(RunbookOptionsSpec.getResource("/runbooks/$name").toURI())
    }
}
