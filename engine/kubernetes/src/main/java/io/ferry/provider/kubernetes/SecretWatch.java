package io.ferry.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One watch on the Secrets of a namespace from a {@code resourceVersion}, read event by event: a
 * plain streaming GET with {@code watch=true}, as client-go and kubectl make it, so that its answer
 * (HTTP status, then one JSON event a line) is read here as the API server sends it, with no
 * reconnection behind the caller's back. A reader thread moves the lines to a queue, so that the
 * caller can stop waiting once the stream has been quiet for a while.
 */
final class SecretWatch implements AutoCloseable {

    /** The end of the stream, in the queue. */
    private static final Object END = new Object();

    private final KubernetesClient client;
    private final InputStream body;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private boolean ended;

    private SecretWatch(KubernetesClient client, InputStream body) {
        this.client = client;
        this.body = body;
    }

    /**
     * Starts the watch and waits for the server's answer to it.
     *
     * @param client the client, whose HTTP client carries the credentials
     * @param namespace the namespace
     * @param resourceVersion the version after which events are wanted
     * @param labelSelector a label selector, or null
     * @return the open watch
     * @throws KubernetesClientException when the server refuses it (the {@link Status} it sent, or one
     *     made from the HTTP status), or cannot be reached
     */
    static SecretWatch open(KubernetesClient client, String namespace, String resourceVersion, String labelSelector) {
        String base = client.getMasterUrl().toString();
        StringBuilder uri = new StringBuilder(base.endsWith("/") ? base : base + "/")
                .append("api/v1/namespaces/").append(encode(namespace)).append("/secrets?watch=true&allowWatchBookmarks=true")
                .append("&resourceVersion=").append(encode(resourceVersion));
        if (labelSelector != null) {
            uri.append("&labelSelector=").append(encode(labelSelector));
        }
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(uri.toString()).forStreaming().build();
        HttpResponse<InputStream> response;
        try {
            response = client.getHttpClient().sendAsync(request, InputStream.class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while starting a watch", e);
        } catch (ExecutionException e) {
            throw KubernetesClientException.launderThrowable(e.getCause());
        }
        if (!response.isSuccessful()) {
            throw new KubernetesClientException(refusal(client, response));
        }
        SecretWatch watch = new SecretWatch(client, response.body());
        Thread reader = new Thread(watch::read, "ferry-k8s-watch");
        reader.setDaemon(true);
        reader.start();
        return watch;
    }

    /**
     * @param quiet how long to wait for the next event
     * @return the next event, or null when none came within {@code quiet} or the server ended the stream
     * @throws KubernetesClientException when the stream broke
     * @throws IllegalStateException when the stream held something other than an event
     */
    WatchEvent next(Duration quiet) {
        if (ended) {
            return null;
        }
        Object line;
        try {
            line = lines.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while reading a watch", e);
        }
        if (line == null) {
            return null;
        }
        if (line == END) {
            ended = true;
            return null;
        }
        if (line instanceof IOException broken) {
            ended = true;
            throw new KubernetesClientException("the watch stream broke: " + broken.getClass().getSimpleName(), broken);
        }
        try {
            return client.getKubernetesSerialization().unmarshal((String) line, WatchEvent.class);
        } catch (RuntimeException e) {
            // Not chained: a parser's message may quote the line, and a Secret's event holds its data.
            throw new IllegalStateException("the watch sent something that is not an event (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // The stream is abandoned either way; what it still held is not wanted.
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            lines.add(END);
        } catch (IOException e) {
            // Closing the watch ends the read this way too; then nobody polls any more.
            lines.add(e);
        }
    }

    private static Status refusal(KubernetesClient client, HttpResponse<InputStream> response) {
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        try {
            Status status = client.getKubernetesSerialization().unmarshal(text, Status.class);
            if (status != null && status.getCode() != null) {
                return status;
            }
        } catch (RuntimeException e) {
            // Not a Status (a proxy's HTML page, say): the HTTP status says enough.
        }
        return new StatusBuilder().withCode(response.code()).withMessage(response.message()).build();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
