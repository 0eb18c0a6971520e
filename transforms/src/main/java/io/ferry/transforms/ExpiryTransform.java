package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code expiry}: sets every record's expiry to one instant ({@code set}), or moves existing expiries by
 * a duration ({@code shift}; records without one are untouched). A shift is reversible, by the
 * opposite shift; setting is not.
 */
public final class ExpiryTransform implements Transform {

    private final Instant set;
    private final Duration shift;

    private ExpiryTransform(Instant set, Duration shift) {
        this.set = set;
        this.shift = shift;
    }

    /** @param at the expiry to give every record @return the transform */
    public static ExpiryTransform setTo(Instant at) {
        return new ExpiryTransform(at, null);
    }

    /** @param by how far to move expiries, later when positive @return the transform */
    public static ExpiryTransform shiftBy(Duration by) {
        return new ExpiryTransform(null, by);
    }

    @Override
    public String name() {
        return "expiry";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        if (set != null) {
            return List.of(set.equals(record.expiresAt()) ? record : record.toBuilder().expiresAt(set).build());
        }
        if (record.expiresAt() == null || shift.isZero()) {
            return List.of(record);
        }
        return List.of(record.toBuilder().expiresAt(record.expiresAt().plus(shift)).build());
    }

    @Override
    public boolean reversible() {
        return shift != null;
    }

    @Override
    public Transform inverse() {
        return shift == null ? Transform.super.inverse() : shiftBy(shift.negated());
    }

    /** Creates {@code expiry} from {@code set} or {@code shift}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "expiry";
        }

        @Override
        public String description() {
            return "set every expiry, or shift existing ones (reversibly): set: '2030-01-01T00:00:00Z' or shift: 'P30D'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("set", "shift"));
            if (args.has("set") == args.has("shift")) {
                throw new IllegalArgumentException("transform 'expiry' needs exactly one of set: (an instant) or shift: (a duration)");
            }
            return args.has("set") ? setTo(args.instant("set")) : shiftBy(args.duration("shift"));
        }
    }
}
