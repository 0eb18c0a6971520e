package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code tags}: edits tags, in this order: {@code rename} (old name to new), {@code map} (per tag, old
 * value to new; values not listed stay), {@code set} (name to value), {@code drop} (names). A rename
 * onto a tag the record already has is refused. Reversible when it only renames: the inverse renames
 * back.
 */
public final class TagsTransform implements Transform {

    private final Map<String, String> rename;
    private final Map<String, Map<String, String>> map;
    private final Map<String, String> set;
    private final Set<String> drop;

    /**
     * @param rename old tag name to new
     * @param map tag name to a map of old value to new
     * @param set tag name to value
     * @param drop tag names to remove
     */
    public TagsTransform(Map<String, String> rename, Map<String, Map<String, String>> map, Map<String, String> set, Set<String> drop) {
        this.rename = Map.copyOf(rename);
        this.map = Map.copyOf(map);
        this.set = Map.copyOf(set);
        this.drop = Set.copyOf(drop);
    }

    @Override
    public String name() {
        return "tags";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        Map<String, String> tags = new TreeMap<>(record.tags());
        rename.forEach((from, to) -> {
            if (tags.containsKey(from) && tags.containsKey(to) && !rename.containsKey(to)) {
                throw new IllegalArgumentException("tags: " + record.key() + " already has a tag '" + to
                        + "'; renaming '" + from + "' would overwrite it");
            }
        });
        Map<String, String> renamed = new TreeMap<>();
        tags.forEach((name, value) -> renamed.put(rename.getOrDefault(name, name), value));
        map.forEach((name, values) -> renamed.computeIfPresent(name, (n, value) -> values.getOrDefault(value, value)));
        renamed.putAll(set);
        renamed.keySet().removeAll(drop);
        return List.of(renamed.equals(record.tags()) ? record : record.toBuilder().tags(renamed).build());
    }

    @Override
    public boolean reversible() {
        return map.isEmpty() && set.isEmpty() && drop.isEmpty();
    }

    @Override
    public Transform inverse() {
        if (!reversible()) {
            return Transform.super.inverse();
        }
        Map<String, String> back = new LinkedHashMap<>();
        rename.forEach((from, to) -> back.put(to, from));
        return new TagsTransform(back, Map.of(), Map.of(), Set.of());
    }

    /** Creates {@code tags} from {@code rename}, {@code map}, {@code set} and {@code drop}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "tags";
        }

        @Override
        public String description() {
            return "rename, map, set and drop tags, in that order: rename: [team: 'owner'], map: [env: [prd: 'prod']], "
                    + "set: [migrated: 'true'], drop: ['tmp']";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("rename", "map", "set", "drop"));
            if (arguments.isEmpty()) {
                throw new IllegalArgumentException("transform 'tags' needs at least one of rename:, map:, set:, drop:");
            }
            Map<String, String> rename = args.has("rename") ? strings(args.map("rename")) : Map.of();
            if (Set.copyOf(rename.values()).size() != rename.size()) {
                throw new IllegalArgumentException("transform 'tags' argument rename sends two tags to one name; give each its own");
            }
            Map<String, Map<String, String>> map = new LinkedHashMap<>();
            if (args.has("map")) {
                args.map("map").forEach((tag, values) -> {
                    if (!(values instanceof Map<?, ?> m)) {
                        throw new IllegalArgumentException("transform 'tags' argument map takes, per tag, a map of old value to new: "
                                + "map: [" + tag + ": [old: 'new']]");
                    }
                    Map<String, String> valueMap = new LinkedHashMap<>();
                    m.forEach((k, v) -> valueMap.put(String.valueOf(k), String.valueOf(v)));
                    map.put(tag, valueMap);
                });
            }
            Map<String, String> set = args.has("set") ? strings(args.map("set")) : Map.of();
            Set<String> drop = args.has("drop") ? Set.copyOf(args.strings("drop")) : Set.of();
            return new TagsTransform(rename, map, set, drop);
        }

        private static Map<String, String> strings(Map<String, Object> map) {
            Map<String, String> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, String.valueOf(v)));
            return out;
        }
    }
}
