package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code rename}: replaces every match of a regular expression in the key ({@code from}) with a
 * replacement ({@code to}, which may use {@code $1} groups). Keys that do not match pass unchanged.
 * Not reversible: a regular expression can send two keys to one name.
 */
public final class RenameTransform implements Transform {

    private final Pattern from;
    private final String to;

    /**
     * @param from what to find in the key
     * @param to what to put instead
     */
    public RenameTransform(Pattern from, String to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public String name() {
        return "rename";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        String renamed = from.matcher(record.key()).replaceAll(to);
        if (renamed.isEmpty()) {
            throw new IllegalArgumentException("rename turns key " + record.key() + " into an empty name; adjust 'from' or 'to'");
        }
        return List.of(renamed.equals(record.key()) ? record : record.toBuilder().key(renamed).build());
    }

    /** Creates {@code rename} from {@code from} and {@code to}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "rename";
        }

        @Override
        public String description() {
            return "rename keys by regular expression: from: ~/^app\\//, to: 'svc/'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("from", "to"));
            return new RenameTransform(args.pattern("from"), args.string("to"));
        }
    }
}
