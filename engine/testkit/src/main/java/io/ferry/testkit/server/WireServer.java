package io.ferry.testkit.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.spi.pacing.RateLimiter.Operation;
import io.ferry.spi.pacing.TokenBucket;
import io.ferry.testkit.canary.Echo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process HTTP server that speaks one store's wire protocol, so that an adapter is tested with
 * its real SDK client. This class does what every such server shares: it binds to the loopback
 * interface, reads each request in full, and applies the {@link ServerKnobs} (latency, injected
 * faults, and a quota per class of call answered with the store's own throttling response) before
 * the store's own handling; a subclass speaks the protocol.
 *
 * <p>The store behind a server lives in memory for as long as the server does.
 */
public abstract class WireServer implements AutoCloseable {

    static {
        // The JDK's HTTP server writes headers and body apart; without TCP_NODELAY every answer waits
        // out the client's delayed ACK (about 40 ms). It reads the property once, when it first loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Thrown to make the HTTP server close the connection without an answer. */
    private static final class DroppedConnection extends RuntimeException {
        DroppedConnection() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    private final String name;
    private final ServerKnobs knobs;
    private final ServerStats stats = new ServerStats();
    private final Map<Operation, TokenBucket> quotas = new EnumMap<>(Operation.class);
    private final Map<Operation, Double> quotaRates = new EnumMap<>(Operation.class);
    private HttpServer server;
    private ExecutorService threads;

    /**
     * @param name the store's name, as in messages and {@code ferry emulate}
     * @param knobs latency, faults and quotas, which the caller may keep turning
     */
    protected WireServer(String name, ServerKnobs knobs) {
        this.name = name;
        this.knobs = knobs;
    }

    /**
     * Starts serving on the loopback interface.
     *
     * @param port the port, 0 for any free one
     * @return this server
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized WireServer start(int port) {
        if (server != null) {
            throw new IllegalStateException(name + " server is already running at " + endpoint());
        }
        try {
            server = bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(name + " server could not listen on port " + port + ": " + e.getMessage()
                    + "; choose another port", e);
        }
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::exchange);
        server.start();
        return this;
    }

    /**
     * Creates the unstarted HTTP server; a store that speaks only HTTPS returns an {@code HttpsServer}.
     *
     * @param address where to listen
     * @return the server
     * @throws IOException when the address cannot be bound
     */
    protected HttpServer bind(InetSocketAddress address) throws IOException {
        return HttpServer.create(address, 128);
    }

    /** @return the URL clients connect to, such as {@code http://127.0.0.1:4566} */
    public URI endpoint() {
        return URI.create(scheme() + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return {@code http}, or {@code https} for a server that {@link #bind binds} an HTTPS server */
    protected String scheme() {
        return "http";
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the store's name */
    public String name() {
        return name;
    }

    /** @return the knobs, which may be turned while the server runs */
    public ServerKnobs knobs() {
        return knobs;
    }

    /** @return what the server counted */
    public ServerStats stats() {
        return stats;
    }

    /**
     * Names the class of call a request is, for quotas and statistics.
     *
     * @param request the request
     * @return its class, or null for a request no quota applies to (an authentication challenge)
     */
    protected abstract Operation classify(WireRequest request);

    /**
     * Answers a request as the store would.
     *
     * @param request the request
     * @return the answer
     */
    protected abstract WireResponse handle(WireRequest request);

    /**
     * @param request a request over the quota
     * @return the store's throttling answer, with its Retry-After where the store sends one
     */
    protected abstract WireResponse throttled(WireRequest request);

    /**
     * @param request a request chosen for an injected server error
     * @return the store's answer when it fails internally
     */
    protected abstract WireResponse serverError(WireRequest request);

    /**
     * @param request a request chosen for an injected {@link ServerKnobs.Fault#ECHO}
     * @param echo the message to answer with, which quotes the request
     * @return the store's refusal of an invalid request (a 400 in its own error format) carrying that message
     */
    protected abstract WireResponse refusedEchoing(WireRequest request, String echo);

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            WireRequest request = read(exchange);
            stats.countRequest();
            sleep(knobs.nextLatency());
            Operation op = classify(request);
            WireResponse response;
            if (op != null && knobs.nextIsFault(op)) {
                stats.countFault();
                response = inject(request);
            } else if (op != null && !withinQuota(op)) {
                stats.countThrottled();
                response = throttled(request);
            } else {
                response = handle(request);
                stats.countAnswer(op);
            }
            write(exchange, request, response);
        }
    }

    private WireResponse inject(WireRequest request) {
        switch (knobs.fault()) {
            case DROP_CONNECTION -> throw new DroppedConnection();
            case TIMEOUT -> {
                sleep(knobs.timeoutDelay());
                throw new DroppedConnection();
            }
            case ECHO -> {
                return refusedEchoing(request, Echo.of(request.body()));
            }
            default -> {
                return serverError(request);
            }
        }
    }

    private boolean withinQuota(Operation op) {
        double rate = knobs.quota(op);
        if (rate <= 0) {
            return true;
        }
        TokenBucket bucket;
        synchronized (quotas) {
            bucket = quotas.get(op);
            if (bucket == null || quotaRates.get(op) != rate) {
                bucket = TokenBucket.full(rate);
                quotas.put(op, bucket);
                quotaRates.put(op, rate);
            }
        }
        return bucket.tryAcquire();
    }

    private static WireRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        return new WireRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT), uri.getPath(),
                WireRequest.parseQuery(uri.getRawQuery()), headers, body);
    }

    private static void write(HttpExchange exchange, WireRequest request, WireResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean noBody = response.body().length == 0 || request.method().equals("HEAD")
                || response.status() == 204 || response.status() == 304;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static void sleep(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DroppedConnection();
        }
    }
}
