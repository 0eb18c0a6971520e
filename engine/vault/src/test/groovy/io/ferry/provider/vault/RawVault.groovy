package io.ferry.provider.vault

import com.fasterxml.jackson.databind.ObjectMapper
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** Speaks to a Vault server directly, to see what it holds and to act as another client would. */
class RawVault {

    static final ObjectMapper JSON = new ObjectMapper()
    static final HttpClient CLIENT = HttpClient.newHttpClient()

    URI endpoint
    String token = 'root'
    String namespace

    /** One answer: its status, its parsed body (or null) and its headers. */
    static class Answer {
        int status
        Map body
        Map<String, List<String>> headers

        Map getData() {
            body?.data as Map
        }
    }

    /** Calls a path, whose query (after a ?) is sent as written. */
    Answer call(String method, String path, Object body = null, Map<String, String> headers = [:]) {
        def query = path.contains('?') ? path.substring(path.indexOf('?')) : ''
        def bare = path.contains('?') ? path.substring(0, path.indexOf('?')) : path
        def encoded = bare.split('/', -1).collect { URLEncoder.encode(it, 'UTF-8').replace('+', '%20') }.join('/')
        def builder = HttpRequest.newBuilder(URI.create("${endpoint}/v1/${encoded}${query}"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body instanceof String ? body.getBytes('UTF-8') : JSON.writeValueAsBytes(body)))
        if (token) {
            builder.header('X-Vault-Token', token)
        }
        if (namespace) {
            builder.header('X-Vault-Namespace', namespace)
        }
        headers.each { k, v -> builder.header(k, v) }
        def response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
        def bytes = response.body()
        new Answer(status: response.statusCode(), body: bytes.length == 0 ? null : JSON.readValue(bytes, Map),
                headers: response.headers().map())
    }
}
