package io.ferry.support

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A headless Chromium, to check pages as a browser renders them: {@code FERRY_CHROMIUM}, else the
 * first of chromium, chromium-browser, google-chrome on the PATH. Its absence fails the test that
 * needs it, with how to install one: the check must not pass silently.
 */
class HeadlessChromium {

    final Path executable

    private HeadlessChromium(Path executable) {
        this.executable = executable
    }

    static HeadlessChromium find() {
        def named = System.getenv('FERRY_CHROMIUM')
        if (named) {
            def p = Path.of(named)
            assert Files.isExecutable(p): "FERRY_CHROMIUM names ${named}, which is not an executable file"
            return new HeadlessChromium(p)
        }
        for (String dir : (System.getenv('PATH') ?: '').split(File.pathSeparator)) {
            for (String name : ['chromium', 'chromium-browser', 'google-chrome']) {
                def p = Path.of(dir, name)
                if (Files.isExecutable(p)) {
                    return new HeadlessChromium(p)
                }
            }
        }
        throw new AssertionError('the report page is checked in a headless Chromium, and none was found: install one '
                + '(Debian/Ubuntu: apt-get install chromium) or point FERRY_CHROMIUM at its executable')
    }

    /** @return the DOM after the page's scripts ran */
    String dumpDom(Path page) {
        run(page, ['--dump-dom'])
    }

    /** Renders the page to a PNG. */
    void screenshot(Path page, Path png) {
        run(page, ["--screenshot=${png.toAbsolutePath()}".toString(), '--window-size=1280,1500', '--hide-scrollbars'])
        assert Files.size(png) > 0
    }

    private String run(Path page, List<String> options) {
        def profile = Files.createTempDirectory('ferry-chromium')
        def command = [executable.toString(), '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                       "--user-data-dir=${profile}".toString()] + options + [page.toUri().toString()]
        def process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start()
        def out = new ByteArrayOutputStream()
        def reader = Thread.start { out << process.inputStream }
        assert process.waitFor(5, TimeUnit.MINUTES): "${executable} did not render ${page} within 5 minutes"
        reader.join()
        assert process.exitValue() == 0: "${executable} failed on ${page} (exit ${process.exitValue()})"
        profile.toFile().deleteDir()
        out.toString('UTF-8')
    }
}
