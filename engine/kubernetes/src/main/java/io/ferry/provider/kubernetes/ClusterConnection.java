package io.ferry.provider.kubernetes;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderException.Kind;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the fabric8 client for one provider from the ecosystem's usual chain, read from the
 * provider context's environment rather than the process's, so that what a runbook sees is what the
 * engine was given:
 *
 * <ol>
 *   <li>the kubeconfig: the {@code kubeconfig} option, else {@code KUBECONFIG} (a list of files
 *       separated by the path separator, merged as kubectl does), else {@code ~/.kube/config}, at the
 *       {@code context} option's context or the current one;</li>
 *   <li>else the in-cluster service account, when {@code KUBERNETES_SERVICE_HOST} and
 *       {@code KUBERNETES_SERVICE_PORT} are set and its token file exists;</li>
 *   <li>then overrides: {@code server} replaces the API server URL, {@code ca} the CA file, and a
 *       bearer token from the {@code tokenFile} option (read before every request, so a rotated
 *       token is picked up) or from {@code KUBERNETES_TOKEN} replaces the kubeconfig's credentials.</li>
 * </ol>
 *
 * <p>TLS is verified against the kubeconfig's or the {@code ca} option's CA, never turned off. The
 * connection times out after {@value #CONNECT_TIMEOUT_MS} ms and a request after
 * {@value #REQUEST_TIMEOUT_MS} ms, so that an unreachable server fails in seconds; the client's own
 * retries are off so that the provider's rate limiter alone decides when to try again.
 */
final class ClusterConnection {

    /** How long to wait for a TCP connection to the API server. */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** How long to wait for an answer to one request. */
    static final int REQUEST_TIMEOUT_MS = 30_000;
    /** The variable holding a bearer token that overrides the kubeconfig's credentials. */
    static final String TOKEN_VARIABLE = "KUBERNETES_TOKEN";

    private static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount/";

    private final KubernetesClient client;
    private final String endpoint;
    private final String namespace;
    private final String credentials;

    private ClusterConnection(KubernetesClient client, String endpoint, String namespace, String credentials) {
        this.client = client;
        this.endpoint = endpoint;
        this.namespace = namespace;
        this.credentials = credentials;
    }

    /**
     * @param options the provider's options
     * @param context the environment to read KUBECONFIG, HOME and KUBERNETES_TOKEN from
     * @return the connection
     * @throws ProviderException when no cluster configuration is found (no kubeconfig, a missing kubeconfig
     *     file, a context it does not hold), a store that cannot be used as the environment stands
     * @throws IllegalArgumentException when an option is wrong, saying what to set
     */
    static ClusterConnection open(KubernetesSettings options, ProviderContext context) {
        List<File> kubeconfigs = kubeconfigFiles(options, context);
        Config config;
        String credentials;
        if (!kubeconfigs.isEmpty()) {
            config = fromKubeconfig(kubeconfigs, options.context());
            credentials = "kubeconfig " + kubeconfigs.stream().map(File::getPath).collect(Collectors.joining(File.pathSeparator))
                    + " context '" + (config.getCurrentContext() == null ? "" : config.getCurrentContext().getName()) + "'";
        } else if (options.context() != null) {
            throw new ProviderException(Kind.DENIED, null, "k8s context '" + options.context() + "' was asked for, but no kubeconfig "
                    + "was found (looked at " + searched(options, context) + "); set KUBECONFIG or the kubeconfig option");
        } else if (inCluster(context)) {
            config = Config.empty();
            config.setMasterUrl("https://" + context.environment().get("KUBERNETES_SERVICE_HOST") + ":"
                    + context.environment().get("KUBERNETES_SERVICE_PORT"));
            config.setCaCertFile(SERVICE_ACCOUNT + "ca.crt");
            Path tokenFile = Path.of(SERVICE_ACCOUNT + "token");
            config.setOauthTokenProvider(() -> readToken(tokenFile));
            config.setNamespace(readOptional(Path.of(SERVICE_ACCOUNT + "namespace")));
            credentials = "the in-cluster service account";
        } else if (options.server() != null) {
            config = Config.empty();
            credentials = "no kubeconfig";
        } else {
            throw new ProviderException(Kind.DENIED, null, "k8s found no cluster to talk to: no kubeconfig at " + searched(options, context)
                    + ", and not running in a cluster; set KUBECONFIG, or give the kubeconfig or server option");
        }
        if (options.server() != null) {
            config.setMasterUrl(options.server());
        }
        if (options.ca() != null) {
            Path ca = context.resolve(options.ca());
            if (!Files.isReadable(ca)) {
                throw new IllegalArgumentException("k8s option ca names " + ca + ", which cannot be read; give a PEM file "
                        + "of the CA that signed the API server's certificate");
            }
            config.setCaCertFile(ca.toString());
            config.setCaCertData(null);
        }
        String envToken = context.environment().get(TOKEN_VARIABLE);
        if (options.tokenFile() != null) {
            Path tokenFile = context.resolve(options.tokenFile());
            if (!Files.isReadable(tokenFile)) {
                throw new IllegalArgumentException("k8s option tokenFile names " + tokenFile + ", which cannot be read; "
                        + "give a file holding a bearer token");
            }
            useToken(config);
            config.setOauthTokenProvider(() -> readToken(tokenFile));
            credentials = "the token in " + tokenFile;
        } else if (envToken != null && !envToken.isBlank()) {
            useToken(config);
            config.setOauthToken(envToken.trim());
            credentials = "the token in " + TOKEN_VARIABLE;
        }
        config.setTrustCerts(false);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        config.setRequestRetryBackoffLimit(0);
        // over plain http (a local proxy or emulator) the JDK client would offer h2c on every
        // connection, which API servers never accept; HTTP/2 stays on for https through ALPN
        config.setHttp2Disable(config.getMasterUrl().startsWith("http://"));
        String namespace = options.namespace() != null ? options.namespace()
                : config.getNamespace() != null && !config.getNamespace().isBlank() ? config.getNamespace() : "default";
        config.setNamespace(namespace);
        String endpoint = config.getMasterUrl().endsWith("/")
                ? config.getMasterUrl().substring(0, config.getMasterUrl().length() - 1) : config.getMasterUrl();
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
        return new ClusterConnection(client, endpoint, namespace, credentials);
    }

    /** @return the client, which the provider closes */
    KubernetesClient client() {
        return client;
    }

    /** @return the API server's URL, for messages */
    String endpoint() {
        return endpoint;
    }

    /** @return the namespace the provider works in */
    String namespace() {
        return namespace;
    }

    /** @return where the credentials came from, for messages about refused credentials */
    String credentials() {
        return credentials;
    }

    private static Config fromKubeconfig(List<File> files, String contextName) {
        io.fabric8.kubernetes.api.model.Config[] parsed = files.stream()
                .map(KubeConfigUtils::parseConfig)
                .toArray(io.fabric8.kubernetes.api.model.Config[]::new);
        if (contextName != null) {
            List<String> known = new ArrayList<>();
            for (io.fabric8.kubernetes.api.model.Config kubeconfig : parsed) {
                if (kubeconfig.getContexts() != null) {
                    kubeconfig.getContexts().stream().map(NamedContext::getName).forEach(known::add);
                }
            }
            if (!known.contains(contextName)) {
                throw new ProviderException(Kind.DENIED, null, "k8s context '" + contextName + "' is not in " + files
                        + "; its contexts are " + known + " (kubectl config get-contexts lists them)");
            }
        }
        Config config = Config.empty();
        KubeConfigUtils.merge(config, contextName, parsed);
        return config;
    }

    private static List<File> kubeconfigFiles(KubernetesSettings options, ProviderContext context) {
        List<File> found = new ArrayList<>();
        for (String path : candidates(options, context)) {
            File file = context.resolve(path).toFile();
            if (file.isFile()) {
                found.add(file);
            } else if (options.kubeconfig() != null) {
                throw new ProviderException(Kind.DENIED, null, "k8s option kubeconfig names " + file + ", which does not exist");
            }
        }
        return found;
    }

    private static List<String> candidates(KubernetesSettings options, ProviderContext context) {
        String listed = options.kubeconfig() != null ? options.kubeconfig() : context.environment().get("KUBECONFIG");
        if (listed != null && !listed.isBlank()) {
            return List.of(listed.split(File.pathSeparator));
        }
        String home = context.environment().getOrDefault("HOME", System.getProperty("user.home"));
        return List.of(Path.of(home, ".kube", "config").toString());
    }

    private static String searched(KubernetesSettings options, ProviderContext context) {
        return String.join(File.pathSeparator, candidates(options, context));
    }

    private static boolean inCluster(ProviderContext context) {
        return context.environment().get("KUBERNETES_SERVICE_HOST") != null
                && context.environment().get("KUBERNETES_SERVICE_PORT") != null
                && Files.isReadable(Path.of(SERVICE_ACCOUNT + "token"));
    }

    private static void useToken(Config config) {
        config.setClientCertFile(null);
        config.setClientCertData(null);
        config.setClientKeyFile(null);
        config.setClientKeyData(null);
        config.setUsername(null);
        config.setPassword(null);
        config.setOauthToken(null);
    }

    private static String readToken(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("k8s token file " + file + " cannot be read: " + e.getMessage()
                    + "; give a readable tokenFile", e);
        }
    }

    private static String readOptional(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
