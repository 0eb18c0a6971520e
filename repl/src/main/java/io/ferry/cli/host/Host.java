package io.ferry.cli.host;

import io.ferry.spi.ProviderContext;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the command line takes from the process it runs in: the working directory, the environment,
 * standard input and the terminal. Tests give their own, so that no command reads
 * {@code System.getenv()} or the real console behind their back.
 *
 * @param workingDirectory the directory relative paths resolve against
 * @param environment the environment variables
 * @param stdin standard input, for {@code ferry put}
 * @param terminal the person at the keyboard, if there is one
 */
public record Host(Path workingDirectory, Map<String, String> environment, InputStream stdin, Terminal terminal) {

    /** Checks the fields and copies the environment. */
    public Host {
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(terminal, "terminal");
    }

    /** @return the surroundings of this process */
    public static Host system() {
        return new Host(Path.of("").toAbsolutePath(), System.getenv(), System.in, Terminal.system());
    }

    /**
     * @param path a path as the user typed it
     * @return the path resolved against the working directory
     */
    public Path resolve(Path path) {
        return workingDirectory.resolve(path).normalize();
    }

    /** @return a provider context with this host's directory, environment and passphrase prompt */
    public ProviderContext providerContext() {
        return new ProviderContext(workingDirectory, environment, terminal::askSecret);
    }

    /**
     * The person at the keyboard: whether there is one, whether standard error shows on a screen
     * (for redrawn progress bars), and how to ask them something.
     */
    public interface Terminal {

        /** @return whether a person can answer questions (standard input and output are a terminal) */
        boolean interactive();

        /** @return whether standard error is a terminal, so that a progress bar can be redrawn in place */
        boolean stderrIsTerminal();

        /**
         * @param prompt the question
         * @return the answer, or null when nobody can answer
         */
        String ask(String prompt);

        /**
         * @param prompt the question
         * @return the answer, typed without echo, or null when nobody can answer
         */
        char[] askSecret(String prompt);

        /** @return a terminal nobody sits at, as in CI */
        static Terminal none() {
            return new Terminal() {
                @Override
                public boolean interactive() {
                    return false;
                }

                @Override
                public boolean stderrIsTerminal() {
                    return false;
                }

                @Override
                public String ask(String prompt) {
                    return null;
                }

                @Override
                public char[] askSecret(String prompt) {
                    return null;
                }
            };
        }

        /** @return the process's console, if it has one */
        static Terminal system() {
            Console console = System.console();
            if (console == null) {
                return none();
            }
            boolean stderrTty = stderrIsTty();
            return new Terminal() {
                @Override
                public boolean interactive() {
                    return true;
                }

                @Override
                public boolean stderrIsTerminal() {
                    return stderrTty;
                }

                @Override
                public String ask(String prompt) {
                    return console.readLine("%s", prompt);
                }

                @Override
                public char[] askSecret(String prompt) {
                    return console.readPassword("%s", prompt);
                }
            };
        }

        /**
         * Java 17 can tell whether standard input and output are a terminal (a console exists) but
         * not standard error, which may be redirected to a log file on its own ({@code 2>run.log});
         * on Linux the descriptor's link tells. Elsewhere the console's presence has to do.
         */
        private static boolean stderrIsTty() {
            Path fd = Path.of("/proc/self/fd/2");
            if (!Files.exists(fd)) {
                return true;
            }
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return true;
            }
        }
    }
}
