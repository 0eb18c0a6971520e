package io.ferry.provider.kubernetes;

import io.ferry.spi.PlainHttp;
import io.ferry.spi.ProviderSpec;
import io.ferry.spi.pacing.RateLimiter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a Kubernetes provider points, read from either form of its spec: the URI
 * {@code k8s:NAMESPACE?context=prod&prefix=app-} or the DSL call
 * {@code k8s(namespace: 'payments', context: 'prod')}, which take the same option names.
 *
 * @param namespace the namespace, or null to take the kubeconfig context's (else {@code default})
 * @param context the kubeconfig context, or null for the current one
 * @param kubeconfig the kubeconfig file(s), or null for {@code KUBECONFIG} then {@code ~/.kube/config}
 * @param server the API server URL, overriding the kubeconfig's, or null
 * @param ca a PEM file of the CA that signed the API server's certificate, or null
 * @param tokenFile a file holding a bearer token, read before every request, or null
 * @param prefix the prefix of the Secret names this provider sees; keys are relative to it
 * @param labelSelector a label selector that narrows listings, or null
 */
record KubernetesSettings(String namespace, String context, String kubeconfig, String server, String ca,
                         String tokenFile, String prefix, String labelSelector) {

    /** The option names, in the order the documentation lists them. */
    static final List<String> NAMES = List.of("namespace", "context", "kubeconfig", "server", "ca", "tokenFile",
            "prefix", "labelSelector", PlainHttp.OPTION);

    /**
     * @param spec a provider spec of scheme {@code k8s} or {@code kubernetes}
     * @return its options
     * @throws IllegalArgumentException naming the option and the fix
     */
    static KubernetesSettings of(ProviderSpec spec) {
        for (String name : spec.options().keySet()) {
            if (!NAMES.contains(name) && !name.startsWith("rate.")) {
                Set<String> valid = new LinkedHashSet<>(NAMES);
                for (RateLimiter.Operation op : RateLimiter.Operation.values()) {
                    valid.add(op.option());
                }
                valid.add(RateLimiter.ATTEMPTS_OPTION);
                throw new IllegalArgumentException("unknown option '" + name + "' for " + spec.scheme()
                        + "; the options are " + String.join(", ", valid));
            }
        }
        String located = stripSlashes(spec.location());
        String named = blankToNull(spec.options().get("namespace"));
        if (located != null && named != null && !located.equals(named)) {
            throw new IllegalArgumentException(spec.scheme() + " names two namespaces, '" + located + "' in the location "
                    + "and '" + named + "' in the namespace option; give one");
        }
        String namespace = located != null ? located : named;
        if (namespace != null && !NameRules.isDnsLabel(namespace)) {
            throw new IllegalArgumentException(spec.scheme() + " namespace '" + namespace + "' is not a valid namespace name: "
                    + "use at most 63 lower-case letters, digits and -, starting and ending with a letter or digit");
        }
        String prefix = spec.option("prefix", "");
        if (!prefix.isEmpty() && !NameRules.isSubdomain(prefix + "a")) {
            throw new IllegalArgumentException(spec.scheme() + " prefix '" + prefix + "' cannot start a Secret name: "
                    + "use lower-case letters, digits, - and ., starting with a letter or digit, for example prefix=app-");
        }
        if (prefix.length() >= NameRules.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(spec.scheme() + " prefix '" + prefix + "' leaves no room for a name: "
                    + "Secret names are at most " + NameRules.MAX_NAME_LENGTH + " characters");
        }
        String server = blankToNull(spec.options().get("server"));
        if (server != null && !server.startsWith("https://") && !server.startsWith("http://")) {
            throw new IllegalArgumentException(spec.scheme() + " server '" + server + "' must be a URL such as "
                    + "https://api.cluster.example:6443");
        }
        return new KubernetesSettings(namespace, blankToNull(spec.options().get("context")),
                blankToNull(spec.options().get("kubeconfig")), server, blankToNull(spec.options().get("ca")),
                blankToNull(spec.options().get("tokenFile")), prefix, blankToNull(spec.options().get("labelSelector")));
    }

    private static String stripSlashes(String location) {
        String s = location;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return blankToNull(s);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
