package io.ferry.deploy

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory
import io.ferry.cli.Main
import io.ferry.cli.host.Host
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification

/**
 * The manifests in deploy/kubernetes/ parse, are the kinds the README names, run commands Ferry
 * understands with state in PostgreSQL and the journal key from a Secret, and grant the
 * ServiceAccount exactly the rules the README lists.
 */
class KubernetesManifestsSpec extends Specification {

    static final Path ROOT = Path.of(System.getProperty('ferry.root', '..')).toAbsolutePath().normalize()
    static final Path DEPLOY = ROOT.resolve('deploy/kubernetes')

    @Shared
    Map<String, List<JsonNode>> documents = Files.list(DEPLOY).withCloseable { files ->
        files.filter { it.fileName.toString().endsWith('.yaml') }.sorted().toList()
    }.collectEntries { file ->
        def parser = new YAMLFactory().createParser(file.toFile())
        [(file.fileName.toString()): new ObjectMapper().readValues(parser, JsonNode).readAll().findAll { it != null && !it.isEmpty() }]
    }

    def "every YAML document parses and is one of the kinds the README names"() {
        expect:
        documents.collectEntries { file, docs -> [(file): docs*.get('kind')*.asText()] } == [
                'migrate-job.yaml' : ['Job'],
                'rbac.yaml'        : ['ServiceAccount', 'Role', 'RoleBinding'],
                'sync-cronjob.yaml': ['CronJob']]

        and: "each names its API version, and lives in the namespace ferry"
        allDocuments().every { it.path('apiVersion').asText() && it.path('metadata').path('namespace').asText() == 'ferry' }
    }

    def "the #kind runs '#command' as the ServiceAccount, with PostgreSQL state and the journal key from a Secret"() {
        given:
        def pod = podSpec(kind)
        def container = pod.path('containers').get(0)
        def env = container.path('env').collectEntries { [(it.path('name').asText()): it] }

        expect: "the service account the Role is bound to"
        pod.path('serviceAccountName').asText() == 'ferry'
        pod.path('restartPolicy').asText() == 'Never'

        and: "state in PostgreSQL, through FERRY_STATE, its password from a Secret"
        env.FERRY_STATE.path('value').asText().startsWith('postgresql://')
        env.PGPASSWORD.path('valueFrom').path('secretKeyRef').path('name').asText() == 'ferry-postgres'

        and: "the journal key from the data key 'key' of the Secret ferry-journal-key, never a literal"
        env.FERRY_JOURNAL_KEY.path('valueFrom').path('secretKeyRef').path('name').asText() == 'ferry-journal-key'
        env.FERRY_JOURNAL_KEY.path('valueFrom').path('secretKeyRef').path('key').asText() == 'key'
        !env.FERRY_JOURNAL_KEY.has('value')

        and: "a command line Ferry parses"
        def args = container.path('args')*.asText()
        args.join(' ') == command
        new Main(new Host(ROOT, [:], new ByteArrayInputStream(new byte[0]), Host.Terminal.none())).commandLine()
                .parseArgs(args as String[]).subcommand().commandSpec().name() == args[0]

        where:
        kind      || command
        'Job'     || 'migrate /runbooks --wait 10m'
        'CronJob' || 'sync /runbooks/sync.groovy --once'
    }

    def "the Role grants exactly the rules the README lists, and the RoleBinding gives it to the ServiceAccount"() {
        given:
        def role = allDocuments().find { it.path('kind').asText() == 'Role' }
        def binding = allDocuments().find { it.path('kind').asText() == 'RoleBinding' }
        def granted = role.path('rules').collectMany { rule ->
            rule.path('apiGroups').collectMany { group ->
                rule.path('resources').collectMany { resource -> rule.path('verbs').collect { verb -> [group.asText(), resource.asText(), verb.asText()] } }
            }
        } as Set

        expect:
        !readmeRules().isEmpty()
        granted == readmeRules()

        and:
        binding.path('roleRef').path('kind').asText() == 'Role'
        binding.path('roleRef').path('name').asText() == role.path('metadata').path('name').asText()
        binding.path('subjects')*.path('kind')*.asText() == ['ServiceAccount']
        binding.path('subjects').get(0).path('name').asText() ==
                allDocuments().find { it.path('kind').asText() == 'ServiceAccount' }.path('metadata').path('name').asText()
    }

    def "the README names every file in deploy/kubernetes"() {
        given:
        def readme = Files.readString(ROOT.resolve('README.md'))

        expect:
        Files.list(DEPLOY).withCloseable { it.map { it.fileName.toString() }.toList() }.every { readme.contains("| `$it` |") }
    }

    private List<JsonNode> allDocuments() {
        documents.values().flatten() as List<JsonNode>
    }

    private JsonNode podSpec(String kind) {
        def doc = allDocuments().find { it.path('kind').asText() == kind }
        kind == 'CronJob' ? doc.path('spec').path('jobTemplate').path('spec').path('template').path('spec')
                : doc.path('spec').path('template').path('spec')
    }

    /** The rows of the README's table under "| API group | resources | verbs |", one triple per verb. */
    private static Set<List<String>> readmeRules() {
        def lines = Files.readAllLines(ROOT.resolve('README.md'))
        int header = lines.findIndexOf { it.startsWith('| API group | resources | verbs |') }
        assert header >= 0: 'the README lists the rules'
        lines.drop(header + 2).takeWhile { it.startsWith('|') }.collectMany { row ->
            def cells = row.split(/\|/)*.trim().findAll { it }
            def group = (cells[0] =~ /`"?([^`"]*)"?`/)[0][1]
            def resources = (cells[1] =~ /`([^`]+)`/).collect { it[1] }
            def verbs = (cells[2] =~ /`([^`]+)`/).collect { it[1] }
            resources.collectMany { resource -> verbs.collect { verb -> [group, resource, verb] } }
        } as Set
    }
}
