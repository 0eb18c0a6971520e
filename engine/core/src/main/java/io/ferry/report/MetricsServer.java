package io.ferry.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves metrics at {@code /metrics} for Prometheus to scrape, with the JDK's HTTP server on one
 * daemon thread. Each scrape asks the supplier afresh.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer server;
    private final ExecutorService thread;

    private MetricsServer(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /**
     * @param address the interface to listen on: the loopback address unless metrics are meant to
     *     be scraped from other machines
     * @param port the port; 0 for any free port
     * @param metrics the exposition text, asked for on each scrape
     * @return the running server
     */
    public static MetricsServer start(InetAddress address, int port, Supplier<String> metrics) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            server.createContext("/metrics", exchange -> serve(exchange, metrics));
            ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ferry-metrics");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(thread);
            server.start();
            return new MetricsServer(server, thread);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + address.getHostAddress() + " port " + port + ": "
                    + e.getMessage() + "; choose another --metrics-port or --metrics-bind", e);
        }
    }

    private static void serve(HttpExchange exchange, Supplier<String> metrics) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try {
                body = metrics.get().getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                LOG.warn("metrics could not be gathered: {}", e.getClass().getSimpleName());
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** @return the address it listens on */
    public InetAddress address() {
        return server.getAddress().getAddress();
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
