package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * {@code filter} and {@code flag}: test each record against a predicate made of any of
 * {@code keyMatches} (a regular expression found in the key), {@code tag} (tag name to value),
 * {@code hasTag} (a tag name) and {@code when} (a Groovy expression over {@code rec}, compiled once);
 * all given must hold. {@code filter} skips matching records with the reason; {@code flag} passes them
 * on, marked for review with the reason. Not reversible.
 */
public final class SelectTransform implements Transform {

    private final boolean skip;
    private final List<BiPredicate<SecretRecord, String>> tests;
    private final String reason;

    private SelectTransform(boolean skip, List<BiPredicate<SecretRecord, String>> tests, String reason) {
        this.skip = skip;
        this.tests = List.copyOf(tests);
        this.reason = reason;
    }

    @Override
    public String name() {
        return skip ? "filter" : "flag";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        for (BiPredicate<SecretRecord, String> test : tests) {
            if (!test.test(record, record.key())) {
                return List.of(record);
            }
        }
        if (skip) {
            context.skip(reason);
            return List.of();
        }
        context.flag(reason);
        return List.of(record);
    }

    private static Transform create(String name, Map<String, Object> arguments, boolean skip) {
        TransformArguments args = new TransformArguments(name, arguments, Set.of("keyMatches", "tag", "hasTag", "when", "reason"));
        String reason = args.string("reason");
        List<BiPredicate<SecretRecord, String>> tests = new ArrayList<>();
        if (args.has("keyMatches")) {
            Pattern pattern = args.pattern("keyMatches");
            tests.add((record, key) -> pattern.matcher(key).find());
        }
        if (args.has("tag")) {
            Map<String, Object> tags = args.map("tag");
            tests.add((record, key) -> tags.entrySet().stream()
                    .allMatch(e -> Objects.equals(record.tags().get(e.getKey()), String.valueOf(e.getValue()))));
        }
        if (args.has("hasTag")) {
            String tag = args.string("hasTag");
            tests.add((record, key) -> record.tags().containsKey(tag));
        }
        if (args.has("when")) {
            Expression when = new Expression(name, "when", args.string("when"));
            tests.add((record, key) -> DefaultTypeTransformation.castToBoolean(when.evaluate(key, Map.of("rec", record))));
        }
        if (tests.isEmpty()) {
            throw new IllegalArgumentException("transform '" + name + "' needs a predicate: keyMatches:, tag:, hasTag: or when:");
        }
        return new SelectTransform(skip, tests, reason);
    }

    /** Creates {@code filter}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "filter";
        }

        @Override
        public String description() {
            return "skip the records that match, with a reason: keyMatches: ~/^tmp\\//, tag: [env: 'dev'], hasTag: 'x', "
                    + "when: 'rec.value.size() == 0', reason: 'scratch secret'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            return SelectTransform.create(name(), arguments, true);
        }
    }

    /** Creates {@code flag}. */
    public static final class FlagFactory implements TransformFactory {
        @Override
        public String name() {
            return "flag";
        }

        @Override
        public String description() {
            return "mark the records that match for review, with a reason: when: '!rec.json?.password', reason: 'no password field'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            return SelectTransform.create(name(), arguments, false);
        }
    }
}
