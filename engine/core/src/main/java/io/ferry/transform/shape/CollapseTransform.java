package io.ferry.transform.shape;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code collapse}: gathers records sharing a prefix into one multi-field JSON record, the inverse of
 * {@link ExplodeTransform}. A record's group is group 1 of the {@code prefix} regex (for example
 * {@code ~/^(.*)\/[^\/]+$/}) or its first {@code depth} path segments; its field name is the rest of
 * its key, without the separator ({@code /} unless {@code separator} says otherwise) where the two
 * meet. A group becomes one record named by the group, whose value is a JSON object of its members'
 * values as strings, with content type {@code application/json} and the tags, attributes and expiry
 * of its first member. Records that match no group pass through unchanged. A member whose value is
 * not text, or two members giving a group the same field, fail under the runbook's error policy.
 *
 * <p>A fan-in: a group is passed on once no later record can join it. Sources that list in key
 * order (memory, local) let that happen as soon as a key no longer starts with the group's name,
 * provided the group name is where each member's key begins (depth, or a prefix regex whose group 1
 * is at the start). Otherwise, and from the first key that arrives out of order, groups are held
 * until the planner calls {@link #finish}; at most {@code maxBuffered} records
 * ({@value #DEFAULT_MAX_BUFFERED} by default) are held at once, and the record beyond fails with an
 * error saying so. Should a group be passed on and a member of it still arrive (a regex that matches
 * one group at different places), the two records then named alike are reported as a collision by
 * the planner, and neither is written.
 *
 * <p>Reversible with depth or with a prefix regex whose group 1 is at the start ({@code ^(...)}): the
 * inverse is an explode with pattern {@code ${key}SEPARATOR${field}}. Collapsing and exploding back
 * gives the original records when they are {@code text/plain}, share their tags, and each key is its
 * group, the separator and its field. Keeps the groups of one plan at a time: one instance must not
 * plan two runs at once.
 */
public final class CollapseTransform implements Transform {

    /** How many records a collapse holds at most by default, waiting for their groups to complete. */
    public static final int DEFAULT_MAX_BUFFERED = 10_000;

    private final Pattern prefix;
    private final int depth;
    private final String separator;
    private final int maxBuffered;

    /** Groups not yet passed on, in the order they were opened. */
    private final Map<String, Group> open = new LinkedHashMap<>();
    /** Groups complete since the planner last asked, to be planned as records of their own. */
    private final List<SecretRecord> ready = new ArrayList<>();
    private int buffered;
    private String lastKey;
    private boolean inKeyOrder = true;

    private CollapseTransform(Pattern prefix, int depth, String separator, int maxBuffered) {
        this.prefix = prefix;
        this.depth = depth;
        this.separator = Objects.requireNonNull(separator, "separator");
        this.maxBuffered = maxBuffered;
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("transform 'collapse' needs a non-empty separator, for example separator: '/'");
        }
    }

    /**
     * @param prefix a regex whose group 1 is a record's group
     * @param separator what joins a group and a field in a key
     * @param maxBuffered how many records may wait for their group at most
     * @return a collapse grouping on the regex
     */
    public static CollapseTransform onPrefix(Pattern prefix, String separator, int maxBuffered) {
        if (Objects.requireNonNull(prefix, "prefix").matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("transform 'collapse' prefix " + prefix.pattern() + " has no group; "
                    + "bracket the group's part of the key, for example ~/^(.*)\\/[^\\/]+$/");
        }
        return new CollapseTransform(prefix, 0, separator, maxBuffered);
    }

    /**
     * @param depth how many leading path segments name a record's group
     * @param separator what separates path segments
     * @param maxBuffered how many records may wait for their group at most
     * @return a collapse grouping on leading segments
     */
    public static CollapseTransform onDepth(int depth, String separator, int maxBuffered) {
        return new CollapseTransform(null, depth, separator, maxBuffered);
    }

    @Override
    public String name() {
        return "collapse";
    }

    @Override
    public synchronized List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        String key = record.key();
        if (lastKey != null && key.compareTo(lastKey) < 0) {
            inKeyOrder = false;
        }
        lastKey = key;
        ready.addAll(completedBefore(key));
        Member member = member(key);
        if (member == null) {
            return List.of(record);
        }
        if (!record.value().isUtf8()) {
            throw new IllegalArgumentException("collapse puts values into JSON text, and " + key
                    + " holds bytes that are not UTF-8 text; leave it out of the collapse");
        }
        Group group = open.computeIfAbsent(member.group(), Group::new);
        String other = group.keys.get(member.field());
        if (other != null) {
            throw new IllegalArgumentException("collapse gives " + key + " and " + other + " the same field '"
                    + member.field() + "' of group " + member.group() + "; choose a prefix that tells them apart");
        }
        if (buffered >= maxBuffered) {
            throw new IllegalStateException("collapse already holds " + maxBuffered + " records whose groups may not be "
                    + "complete yet (the source does not list keys in order, or the groups interleave); "
                    + "raise maxBuffered or collapse a smaller selection");
        }
        group.add(member, record);
        buffered++;
        return List.of();
    }

    /** @return the groups that the key-ordered listing has passed since the last call */
    @Override
    public synchronized List<SecretRecord> completed(TransformContext context) {
        List<SecretRecord> done = List.copyOf(ready);
        ready.clear();
        return done;
    }

    /** @return the groups no key at or after {@code key} can join, when keys arrive in order */
    private List<SecretRecord> completedBefore(String key) {
        List<SecretRecord> done = new ArrayList<>();
        if (!inKeyOrder) {
            return done;
        }
        for (Iterator<Group> it = open.values().iterator(); it.hasNext(); ) {
            Group group = it.next();
            // Keys starting with the group's name are contiguous in key order: past them, it is complete.
            if (group.namesEveryKey && !key.startsWith(group.name)) {
                it.remove();
                buffered -= group.keys.size();
                done.add(group.toRecord());
            }
        }
        return done;
    }

    /** @return every group still held; the transform is then empty, ready for another plan */
    @Override
    public synchronized List<SecretRecord> finish(TransformContext context) {
        List<SecretRecord> rest = new ArrayList<>(ready);
        ready.clear();
        open.values().forEach(g -> rest.add(g.toRecord()));
        open.clear();
        buffered = 0;
        lastKey = null;
        inKeyOrder = true;
        return rest;
    }

    private Member member(String key) {
        if (prefix == null) {
            String[] segments = key.split(Pattern.quote(separator), -1);
            if (segments.length <= depth) {
                return null;
            }
            return new Member(String.join(separator, Arrays.asList(segments).subList(0, depth)),
                    String.join(separator, Arrays.asList(segments).subList(depth, segments.length)), true);
        }
        Matcher m = prefix.matcher(key);
        if (!m.find() || m.group(1) == null || m.group(1).isEmpty()) {
            return null;
        }
        String field = key.substring(0, m.start(1)) + key.substring(m.end(1));
        if (field.startsWith(separator)) {
            field = field.substring(separator.length());
        }
        if (field.endsWith(separator)) {
            field = field.substring(0, field.length() - separator.length());
        }
        return field.isEmpty() ? null : new Member(m.group(1), field, m.start(1) == 0);
    }

    @Override
    public boolean reversible() {
        return prefix == null || (prefix.pattern().startsWith("^(") && !prefix.pattern().startsWith("^(?"));
    }

    /** @return an explode with pattern {@code ${key}SEPARATOR${field}} */
    @Override
    public Transform inverse() {
        return reversible() ? new ExplodeTransform("${key}" + separator + "${field}") : Transform.super.inverse();
    }

    @Override
    public String toString() {
        return "collapse(" + (prefix == null ? "depth " + depth : prefix.pattern()) + ")";
    }

    /** Where a record belongs: its group, its field, and whether its key begins with the group's name. */
    private record Member(String group, String field, boolean groupStartsKey) {
    }

    /** One group's members so far, by field. */
    private static final class Group {
        private final String name;
        private final Map<String, String> keys = new LinkedHashMap<>();
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private SecretRecord first;
        private boolean namesEveryKey = true;

        Group(String name) {
            this.name = name;
        }

        void add(Member member, SecretRecord record) {
            if (first == null) {
                first = record;
            }
            namesEveryKey &= member.groupStartsKey();
            keys.put(member.field(), record.key());
            fields.put(member.field(), record.value().text());
        }

        SecretRecord toRecord() {
            return first.toBuilder()
                    .key(name)
                    .value(SecretRecord.jsonValue(fields))
                    .contentType(SecretRecord.JSON)
                    .build();
        }
    }

    /** Creates {@code collapse} from {@code prefix} or {@code depth}, and {@code separator} and {@code maxBuffered}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "collapse";
        }

        @Override
        public String description() {
            return "records sharing a prefix into one JSON record: prefix: ~/^(.*)\\/[^\\/]+$/ or depth: 1";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("prefix", "depth", "separator", "maxBuffered"));
            if (args.has("prefix") == args.has("depth")) {
                throw new IllegalArgumentException("transform 'collapse' needs either prefix: (a regex whose group 1 is "
                        + "the group) or depth: (leading path segments), not " + (args.has("prefix") ? "both" : "neither"));
            }
            String separator = args.string("separator", "/");
            int max = args.positive("maxBuffered", DEFAULT_MAX_BUFFERED);
            return args.has("prefix")
                    ? onPrefix(args.pattern("prefix"), separator, max)
                    : onDepth(args.positive("depth", 1), separator, max);
        }
    }
}
