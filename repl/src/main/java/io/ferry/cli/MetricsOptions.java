package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.Ferry;
import io.ferry.api.FerryException;
import io.ferry.report.MetricsFile;
import io.ferry.report.MetricsServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The {@code --metrics-file}, {@code --metrics-port} and {@code --metrics-bind} options of the commands that run for a while. */
final class MetricsOptions {

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Write Prometheus text metrics to FILE (for example a .prom file in the node exporter's "
                    + "textfile directory) when the command ends, and after each pass or comparison.")
    private Path file;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics while the command runs.")
    private Integer port;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address --metrics-port listens on (default: ${DEFAULT-VALUE}, this machine only); "
                    + "0.0.0.0 for every interface.")
    private String bind;

    /**
     * @param main the command line, to resolve the file
     * @param ferry the engine that gathers the metrics
     * @param migration the run or sync the metrics are about, or null while it is not known yet
     * @return the started exports; close them when the command ends
     */
    Exports start(Main main, Ferry ferry, Supplier<String> migration) {
        if (port != null && (port < 0 || port > 65535)) {
            throw new FerryException(ExitCode.USAGE, "--metrics-port must be between 0 and 65535, got " + port);
        }
        Supplier<String> text = () -> {
            String id = migration.get();
            return id == null ? "" : ferry.metrics(id);
        };
        MetricsServer server = port == null ? null : serve(text);
        return new Exports(file == null ? null : main.host().resolve(file), server, text);
    }

    /**
     * @param text the exposition text, asked for on each scrape
     * @return the server on {@code --metrics-bind}'s address and {@code --metrics-port}
     */
    MetricsServer serve(Supplier<String> text) {
        return MetricsServer.start(bindAddress(), port, text);
    }

    /** An IP address as given; a host name only when it resolves to an address of its own. */
    private InetAddress bindAddress() {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new FerryException(ExitCode.USAGE, "--metrics-bind " + bind + " is not an IP address or a name that resolves; "
                    + "give an IP address, such as 127.0.0.1 (the default) or 0.0.0.0 for every interface");
        }
    }

    /** The metrics file and server of one command. */
    static final class Exports implements AutoCloseable {
        private final Path file;
        private final MetricsServer server;
        private final Supplier<String> text;

        Exports(Path file, MetricsServer server, Supplier<String> text) {
            this.file = file;
            this.server = server;
            this.text = text;
        }

        /** Writes the metrics file, if there is one, with the figures of now. */
        void publish() {
            if (file != null) {
                MetricsFile.write(file, text.get());
            }
        }

        @Override
        public void close() {
            publish();
            if (server != null) {
                server.close();
            }
        }
    }
}
