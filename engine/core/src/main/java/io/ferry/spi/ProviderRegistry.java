package io.ferry.spi;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds provider factories by URI scheme through {@link ServiceLoader}. Factories are discovered
 * once and created only when their scheme is first asked for. An unknown scheme's error lists the
 * known ones and suggests the nearest.
 */
public final class ProviderRegistry {

    private final Map<String, ServiceLoader.Provider<ProviderFactory>> byScheme = new LinkedHashMap<>();
    private final Map<String, ProviderFactory> created = new LinkedHashMap<>();

    private ProviderRegistry(ClassLoader loader) {
        ServiceLoader.load(ProviderFactory.class, loader).stream()
                .sorted(Comparator.comparing(p -> p.type().getName()))
                .forEach(p -> {
                    ProviderFactory factory = p.get();
                    ServiceLoader.Provider<ProviderFactory> previous = byScheme.putIfAbsent(factory.scheme(), p);
                    if (previous != null) {
                        throw new IllegalStateException("two adapters claim the scheme '" + factory.scheme() + "': "
                                + previous.type().getName() + " and " + p.type().getName()
                                + "; remove one of them from the class path");
                    }
                    created.put(factory.scheme(), factory);
                });
    }

    /** @return the registry of the adapters on the context class path */
    public static ProviderRegistry load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new ProviderRegistry(loader == null ? ProviderRegistry.class.getClassLoader() : loader);
    }

    /** @return the known schemes, sorted */
    public List<String> schemes() {
        return byScheme.keySet().stream().sorted().toList();
    }

    /** @return the known factories, by scheme */
    public List<ProviderFactory> factories() {
        return schemes().stream().map(created::get).toList();
    }

    /**
     * @param scheme a scheme
     * @return whether an adapter claims it
     */
    public boolean knows(String scheme) {
        return byScheme.containsKey(scheme);
    }

    /**
     * @param scheme a scheme
     * @return its factory
     * @throws IllegalArgumentException for an unknown scheme, listing the known ones
     */
    public ProviderFactory factory(String scheme) {
        ProviderFactory factory = created.get(scheme);
        if (factory == null) {
            String nearest = nearest(scheme, schemes());
            throw new IllegalArgumentException("unknown provider scheme '" + scheme + "'"
                    + (nearest == null ? "" : " (did you mean '" + nearest + "'?)")
                    + "; known schemes: " + (byScheme.isEmpty() ? "none on the class path" : String.join(", ", schemes())));
        }
        return factory;
    }

    /** @return the schemes whose factories declare their store's {@link ProviderFactory#constraints()}, sorted */
    public List<String> emulations() {
        return schemes().stream().filter(s -> created.get(s).constraints().isPresent()).toList();
    }

    /**
     * @param scheme a scheme whose store is to be emulated
     * @return the constraints its adapter declares
     * @throws IllegalArgumentException when no adapter on the class path declares constraints under
     *     that scheme, listing the schemes that do
     */
    public Constraints emulation(String scheme) {
        ProviderFactory factory = scheme == null ? null : created.get(scheme.toLowerCase(Locale.ROOT));
        Optional<Constraints> constraints = factory == null ? Optional.empty() : factory.constraints();
        return constraints.orElseThrow(() -> new IllegalArgumentException("no adapter on the class path declares the "
                + "rules of a store '" + scheme + "'; stores with rules: " + String.join(", ", emulations())));
    }

    /**
     * Opens the provider a URI names.
     *
     * @param uri for example {@code local:secrets.db}
     * @param context passphrases and the working directory
     * @return the open provider
     */
    public SecretProvider open(String uri, ProviderContext context) {
        return open(ProviderSpec.parse(uri), context);
    }

    /**
     * @param spec where the provider points
     * @param context passphrases and the working directory
     * @return the open provider
     */
    public SecretProvider open(ProviderSpec spec, ProviderContext context) {
        return factory(spec.scheme()).open(spec, context);
    }

    /**
     * @param word what the user typed
     * @param known the valid words
     * @return the known word at the smallest edit distance, if that distance is at most 2
     */
    public static String nearest(String word, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(word, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Override
    public String toString() {
        return byScheme.keySet().stream().collect(Collectors.joining(", ", "ProviderRegistry[", "]"));
    }
}
