package io.ferry.provider.kubernetes;

import io.ferry.spi.Constraints;
import io.ferry.spi.NameCharacters;
import java.util.regex.Pattern;

/**
 * The rules of Kubernetes Secrets, from the provider facts the engine is built on (PROVIDERS.md):
 * the Secret's name is a DNS-1123 subdomain (dot-separated parts of lower-case letters, digits and
 * {@code -}, each starting and ending with a letter or digit, at most 253 characters, so {@code a..b}
 * and {@code a.-b} are refused as the API server refuses them); at most 1 MiB per Secret; tags become
 * labels: a label name is an optional DNS-subdomain prefix and {@code /}, then at most 63 letters,
 * digits, {@code -}, {@code _} and {@code .} starting and ending with a letter or digit (317
 * characters in all), and a label value is empty or at most 63 such characters. Labels have no count
 * limit of their own; the adapter checks their syntax. The provider narrows them by its prefix;
 * {@code memory:?emulate=kubernetes} (or {@code k8s}) takes them as they are, through
 * {@link KubernetesProviderFactory#constraints()}.
 */
final class KubernetesConstraints {

    private KubernetesConstraints() {
    }

    /** @return the constraints of Kubernetes Secrets */
    static Constraints of() {
        return new Constraints("Kubernetes Secrets",
                Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"),
                "a DNS subdomain: lower-case letters, digits, - and ., in dot-separated parts that start and end "
                        + "with a letter or digit",
                253, 1024 * 1024, Integer.MAX_VALUE, 317, 63, true, false,
                NameCharacters.of("[a-z0-9.-]", "lower-case ASCII letters, digits, - and ., as a DNS subdomain"));
    }
}
