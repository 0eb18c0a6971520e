package io.ferry.transforms;

import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformFactory;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code case}: upper- or lower-cases keys. Not reversible: the original case is lost. */
public final class CaseTransform extends KeyMapping {

    private final boolean upper;

    /** @param upper true for upper case, false for lower case */
    public CaseTransform(boolean upper) {
        this.upper = upper;
    }

    @Override
    public String name() {
        return "case";
    }

    @Override
    String map(String key) {
        return upper ? key.toUpperCase(Locale.ROOT) : key.toLowerCase(Locale.ROOT);
    }

    /** Creates {@code case} from {@code to}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "case";
        }

        @Override
        public String description() {
            return "upper- or lower-case keys: to: 'lower'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("to"));
            return new CaseTransform(args.choice("to", "upper", "lower").equals("upper"));
        }
    }
}
