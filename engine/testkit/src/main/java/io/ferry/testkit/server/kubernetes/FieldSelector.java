package io.ferry.testkit.server.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A field selector on Secrets, as the API server reads the {@code fieldSelector} parameter: terms
 * {@code field=value}, {@code field==value} or {@code field!=value} separated by commas, over the
 * fields Secrets support ({@code metadata.name}, {@code metadata.namespace} and {@code type}).
 */
final class FieldSelector {

    private final List<Predicate<JsonNode>> terms;

    private FieldSelector(List<Predicate<JsonNode>> terms) {
        this.terms = terms;
    }

    /**
     * @param selector the parameter, or null or empty for everything
     * @return the selector
     * @throws ApiStatus 400 BadRequest for a field Secrets do not support or a term that does not parse
     */
    static FieldSelector parse(String selector) {
        List<Predicate<JsonNode>> terms = new ArrayList<>();
        if (selector != null && !selector.isBlank()) {
            for (String term : selector.split(",")) {
                boolean negated = term.contains("!=");
                String[] parts = term.split(negated ? "!=" : "==?", 2);
                if (parts.length != 2) {
                    throw ApiStatus.badRequest("invalid selector: '" + selector + "'; can't understand '" + term + "'");
                }
                String field = parts[0].trim();
                String value = parts[1].trim();
                if (!List.of("metadata.name", "metadata.namespace", "type").contains(field)) {
                    throw ApiStatus.badRequest("\"" + field + "\" is not a known field selector: only \"metadata.name\", "
                            + "\"metadata.namespace\", \"type\"");
                }
                terms.add(secret -> value.equals(field(secret, field)) != negated);
            }
        }
        return new FieldSelector(terms);
    }

    /** @return whether the Secret is selected */
    boolean matches(JsonNode secret) {
        return terms.stream().allMatch(t -> t.test(secret));
    }

    private static String field(JsonNode secret, String field) {
        return switch (field) {
            case "metadata.name" -> secret.path("metadata").path("name").asText();
            case "metadata.namespace" -> secret.path("metadata").path("namespace").asText();
            default -> secret.path("type").asText();
        };
    }
}
