package io.ferry.transform;

import io.ferry.spi.ProviderRegistry;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds named transforms through {@link ServiceLoader}; an unknown name's error lists the known ones. */
public final class TransformRegistry {

    private final Map<String, TransformFactory> byName = new TreeMap<>();

    private TransformRegistry(ClassLoader loader) {
        ServiceLoader.load(TransformFactory.class, loader).forEach(f -> {
            TransformFactory previous = byName.putIfAbsent(f.name(), f);
            if (previous != null && previous.getClass() != f.getClass()) {
                throw new IllegalStateException("two transforms are named '" + f.name() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        });
    }

    /** @return the transforms on the context class path */
    public static TransformRegistry load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new TransformRegistry(loader == null ? TransformRegistry.class.getClassLoader() : loader);
    }

    /** @return the factories, sorted by name */
    public Iterable<TransformFactory> factories() {
        return byName.values();
    }

    /**
     * @param name a transform's name
     * @return whether a transform of that name is on the class path
     */
    public boolean knows(String name) {
        return byName.containsKey(name);
    }

    /**
     * @param name a transform's name
     * @param arguments its arguments
     * @return the transform
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public Transform create(String name, Map<String, Object> arguments) {
        TransformFactory factory = byName.get(name);
        if (factory == null) {
            String nearest = ProviderRegistry.nearest(name, byName.keySet().stream().toList());
            throw new IllegalArgumentException("unknown transform '" + name + "'"
                    + (nearest == null ? "" : " (did you mean '" + nearest + "'?)")
                    + "; known transforms: " + (byName.isEmpty() ? "none on the class path" : String.join(", ", byName.keySet())));
        }
        return factory.create(arguments);
    }
}
