package io.ferry.dsl

import io.ferry.spi.ProviderRegistry
import spock.lang.Shared
import spock.lang.Specification

/**
 * The IntelliJ (GDSL) and Eclipse (DSLD) descriptors shipped in the jar, read by running them against
 * recording stand-ins for the IDEs' APIs: they name the DSL's script classes, a function for every
 * scheme of the adapters Ferry ships, and only types that exist, so they cannot drift from the DSL.
 */
class IdeDescriptorsSpec extends Specification {

    /** The schemes of the adapters in the jar; test adapters on this class path are left out. */
    @Shared
    Set<String> shippedSchemes = ProviderRegistry.load().factories()
            .findAll { it.class.name.startsWith('io.ferry.provider.') }*.scheme() as Set

    static String resource(String path) {
        def url = IdeDescriptorsSpec.getResource(path)
        assert url != null: "$path is not in the jar"
        url.text
    }

    def "the shipped adapters are the eight schemes the descriptors are checked against"() {
        expect:
        shippedSchemes == ['local', 'memory', 'file', 'aws', 'azure', 'vault', 'k8s', 'kubernetes'] as Set
    }

    def "the IntelliJ descriptor gives runbooks the runbook script's words and a function per scheme, and transform scripts theirs"() {
        given:
        def gdsl = new RecordingGdsl()
        gdsl.run(resource('/io/ferry/dsl/runbook.gdsl'))
        def runbooks = gdsl.contributions.find { it.pathRegexp.matcher('/work/runbooks/V1__copy_app_secrets.groovy').matches() }
        def transforms = gdsl.contributions.find { it.pathRegexp.matcher('/work/runbooks/transforms/mask-host.groovy').matches() }

        expect: 'runbooks and transform scripts are told apart by their paths, and other scripts get nothing'
        runbooks != null && transforms != null && runbooks != transforms
        gdsl.contributions.find { it.pathRegexp.matcher('/work/runbooks/R__refresh_tokens.groovy').matches() } == runbooks
        gdsl.contributions.every { !it.pathRegexp.matcher('/work/build.groovy').matches() }

        and: 'each delegates to the base class the compiler gives that kind of script'
        runbooks.delegates == [DslVocabulary.BLOCKS.first().name]
        transforms.delegates == [TransformScript.name]

        and: 'every scheme is a function returning a provider spec, and no other function is invented'
        runbooks.methods*.name as Set == shippedSchemes
        runbooks.methods.every { it.type == 'io.ferry.spi.ProviderSpec' && it.doc }

        and: 'a transform script sees what ScriptTransform binds'
        transforms.properties*.name as Set == ['rec', 'params'] as Set

        and: 'every type named exists'
        gdsl.contributions.collectMany { c -> c.types() }.every { exists(it) }
    }

    def "the Eclipse descriptor gives runbooks the runbook script's words and a function per scheme, and transform scripts theirs"() {
        given:
        def dsld = new RecordingDsld()
        dsld.run(resource('/dsld/ferry.dsld'))

        when:
        def runbook = dsld.contributeFor('V1__copy_app_secrets')
        def repeatable = dsld.contributeFor('R__refresh_tokens')
        def transform = dsld.contributeFor('mask-host')
        def other = dsld.contributeFor('BuildHelper')

        then:
        runbook.delegates == [DslVocabulary.BLOCKS.first().name]
        repeatable.delegates == runbook.delegates
        runbook.methods*.name as Set == shippedSchemes
        runbook.methods.every { it.type == 'io.ferry.spi.ProviderSpec' && it.doc }
        transform.delegates == [TransformScript.name]
        transform.properties*.name as Set == ['rec', 'params'] as Set
        other.delegates.isEmpty() && other.methods.isEmpty() && other.properties.isEmpty()

        and:
        [runbook, transform].collectMany { c -> c.types() }.every { exists(it) }
    }

    static boolean exists(Object type) {
        if (type instanceof Class) {
            return true
        }
        def name = type.toString().replaceAll(/<.*>/, '')
        try {
            Class.forName(name, false, IdeDescriptorsSpec.classLoader)
            true
        } catch (ClassNotFoundException ignored) {
            false
        }
    }

    /** What one contributor or contribution block added. */
    static class Contribution {
        java.util.regex.Pattern pathRegexp
        List<String> delegates = []
        List<Map> methods = []
        List<Map> properties = []
        /** What DSLD's bind(scripts: enclosingScript()) gives a contribution block. */
        Set<Map> scripts = []

        void delegatesTo(Object type) {
            delegates << (type instanceof Class ? type.name : type.toString())
        }

        void method(Map args) {
            methods << args
        }

        void property(Map args) {
            properties << args
        }

        Map parameter(Map args) {
            args
        }

        Object findClass(String name) {
            name
        }

        List<Object> types() {
            delegates + methods*.type + properties*.type + methods.collectMany { (it.params ?: [:]).values() as List }
        }
    }

    /** IntelliJ's GDSL API, as far as the descriptor uses it. */
    static class RecordingGdsl {
        List<Contribution> contributions = []

        void run(String text) {
            def script = new GroovyShell().parse(text)
            script.metaClass.context = { Map args -> new Contribution(pathRegexp: java.util.regex.Pattern.compile(args.pathRegexp)) }
            script.metaClass.scriptScope = { -> 'script' }
            script.metaClass.contributor = { Contribution c, Closure body ->
                body.delegate = c
                body.resolveStrategy = Closure.DELEGATE_FIRST
                body.call()
                contributions << c
            }
            script.run()
        }
    }

    /** A DSLD pointcut: combining with & is all the descriptor does with one. */
    static class Pointcut {
        Pointcut and(Pointcut other) {
            this
        }
    }

    /** Groovy-Eclipse's DSLD API, as far as the descriptor uses it. */
    static class RecordingDsld {
        List<Closure> blocks = []

        void run(String text) {
            def script = new GroovyShell().parse(text)
            script.metaClass.enclosingScript = { -> new Pointcut() }
            script.metaClass.fileExtension = { String ext -> assert ext == 'groovy'; new Pointcut() }
            script.metaClass.bind = { Map args -> new Pointcut() }
            script.metaClass.contribute = { Pointcut p, Closure body -> blocks << body }
            script.run()
        }

        /** Runs every contribution block for a script class of the given name, as Eclipse binds it. */
        Contribution contributeFor(String scriptClassName) {
            def c = new Contribution()
            c.scripts = [[nameWithoutPackage: scriptClassName]] as Set
            blocks.each { block ->
                def b = block.rehydrate(c, block.owner, block.thisObject)
                b.resolveStrategy = Closure.DELEGATE_FIRST
                b.call()
            }
            c
        }
    }
}
