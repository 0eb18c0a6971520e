package io.ferry.cli

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.util.concurrent.TimeUnit

/**
 * The directory {@code ferry examples} lays out from the packaged jar, laid out once for the test run
 * and shared by the specifications that run the examples ({@link ExamplesJarIT}, {@link DocumentationExamplesIT}):
 * each reads it as it is, or works in a copy of its own. Laying it out writes the sample stores under a
 * key derived from the passphrase, which is most of what the command costs, so it is done once.
 * Processes are started as a new user starts them, with nothing of Ferry's in their environment but
 * what a caller gives, and waited for within generous bounds (minutes), never timed.
 */
final class ExamplesLayout {

    static final Path JAR = Path.of(System.getProperty('ferry.jar', 'target/ferry.jar')).toAbsolutePath()
    static final String JAVA = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
    static final long BOUND_MINUTES = 10

    private static Path home
    private static FerryCli.Result layout

    private ExamplesLayout() {
    }

    /** @return the directory {@code ferry examples examples} laid out, with nothing set in the environment */
    static synchronized Path directory() {
        if (layout == null) {
            home = Files.createTempDirectory('ferry-examples-')
            Runtime.runtime.addShutdownHook(new Thread({ home.toFile().deleteDir() }))
            layout = run(home, [JAVA, '-jar', JAR.toString(), 'examples', 'examples'], home, [:])
            assert layout.exitCode == 0: "ferry examples failed:\n${layout.out}\n${layout.err}"
        }
        home.resolve('examples')
    }

    /** @return what {@code ferry examples} printed when it laid out {@link #directory()} */
    static synchronized FerryCli.Result layout() {
        directory()
        layout
    }

    /**
     * @param to a directory that does not exist yet
     * @return it, now a copy of the laid-out directory with the files' modes
     */
    static Path copy(Path to) {
        Path from = directory()
        Files.walk(from).withCloseable { paths ->
            paths.forEach { p ->
                def target = to.resolve(from.relativize(p).toString())
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target)
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES)
                }
            }
        }
        to
    }

    /**
     * Runs a command as a user in a fresh shell would: standard input empty, HOME given, and no Ferry
     * variable of the test's own environment (passphrase, launcher) unless {@code environment} sets it.
     *
     * @param directory where it runs
     * @param command the command and its arguments
     * @param userHome the user's home, where {@code ~/.ferry} is
     * @param environment variables to set
     * @return its exit code and output
     */
    static FerryCli.Result run(Path directory, List<String> command, Path userHome, Map<String, String> environment) {
        def builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
        builder.environment().keySet().removeAll(builder.environment().keySet().findAll { it.startsWith('FERRY_') })
        builder.environment().put('HOME', userHome.toString())
        builder.environment().putAll(environment)
        def child = builder.start()
        def out = new StringBuilder()
        def err = new StringBuilder()
        def readers = [Thread.start { out << child.inputStream.getText('UTF-8') },
                       Thread.start { err << child.errorStream.getText('UTF-8') }]
        assert child.waitFor(BOUND_MINUTES, TimeUnit.MINUTES): "${command.join(' ')} did not finish within $BOUND_MINUTES minutes"
        readers*.join()
        new FerryCli.Result(child.exitValue(), out.toString(), err.toString())
    }
}
