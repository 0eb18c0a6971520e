package io.ferry.testkit.server.kubernetes;

import io.ferry.testkit.server.Emulator;
import io.ferry.testkit.server.OwnerOnlyFiles;
import io.ferry.testkit.server.SeedSecret;
import io.ferry.testkit.server.ServerKnobs;
import io.ferry.testkit.server.WireServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ferry emulate kubernetes}: a {@link KubernetesApiServer}. Once it listens, it writes a
 * kubeconfig for it, owner-only, to {@code ferry-kubernetes-emulator-PORT.kubeconfig} in the temporary
 * directory (context {@value #CONTEXT}, namespace {@code default}, the server's bearer token), so that
 * {@code KUBECONFIG} pointed at that file is all a client needs. A seed key is
 * {@code NAMESPACE/NAME}.
 */
public final class KubernetesEmulator implements Emulator {

    /** The kubeconfig's cluster, user and context name. */
    public static final String CONTEXT = "ferry-emulator";

    /** Creates the emulator; nothing starts until {@link #create} and {@code start}. */
    public KubernetesEmulator() {
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public String description() {
        return "the Kubernetes API for Secrets (namespaces, labels, resourceVersion, paging, watch) over HTTP: "
                + "export KUBECONFIG=KUBECONFIG_FILE and use k8s:NAMESPACE";
    }

    @Override
    public WireServer create(ServerKnobs knobs) {
        return new KubernetesApiServer(knobs);
    }

    /** Creates each secret as an Opaque Secret: text as the data key {@code value}, fields as data keys, tags as labels. */
    @Override
    public void seed(WireServer server, List<SeedSecret> secrets) {
        KubernetesApiServer api = (KubernetesApiServer) server;
        for (SeedSecret secret : secrets) {
            String[] parts = secret.key().split("/", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new IllegalArgumentException("kubernetes seed key '" + secret.key() + "' must be NAMESPACE/NAME, "
                        + "such as payments/db-password");
            }
            try {
                api.seed(parts[0], parts[1], secret.fieldsOrValue(), secret.tags());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kubernetes cannot hold seed secret '" + secret.key() + "': "
                        + e.getMessage());
            }
        }
    }

    @Override
    public Map<String, String> environment(WireServer server) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KUBECONFIG", writeKubeconfig(server).toString());
        return env;
    }

    @Override
    public String uri(WireServer server) {
        return "k8s:default";
    }

    @Override
    public List<String> connectionHints(WireServer server) {
        Path kubeconfig = writeKubeconfig(server);
        return List.of(
                "API server:   " + server.endpoint() + " (bearer token " + KubernetesApiServer.TOKEN + ")",
                "kubeconfig:   " + kubeconfig + " (context " + CONTEXT + ", namespace default)",
                "connect with: export KUBECONFIG=" + kubeconfig + "; ferry ls k8s:NAMESPACE");
    }

    /**
     * @param port the emulator's port
     * @return where its kubeconfig is written
     */
    public static Path kubeconfigFile(int port) {
        return Path.of(System.getProperty("java.io.tmpdir"), "ferry-kubernetes-emulator-" + port + ".kubeconfig");
    }

    /**
     * @param server a started server
     * @return a kubeconfig for it, as YAML
     */
    public static String kubeconfig(WireServer server) {
        return String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: " + CONTEXT,
                "  cluster:",
                "    server: " + server.endpoint(),
                "users:",
                "- name: " + CONTEXT,
                "  user:",
                "    token: " + KubernetesApiServer.TOKEN,
                "contexts:",
                "- name: " + CONTEXT,
                "  context:",
                "    cluster: " + CONTEXT,
                "    user: " + CONTEXT,
                "    namespace: default",
                "current-context: " + CONTEXT,
                "");
    }

    private static Path writeKubeconfig(WireServer server) {
        return OwnerOnlyFiles.write(kubeconfigFile(server.port()), kubeconfig(server));
    }
}
