package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code clamp-ttl}: brings expiries further away than {@code max} from now back to now + max, and
 * flags each record it clamps for review. Records without an expiry, or with a nearer one, pass
 * untouched. Not reversible: the original expiry is lost.
 */
public final class ClampTtlTransform implements Transform {

    private final Duration max;
    private final Clock clock;

    /**
     * @param max the longest time to expiry allowed
     * @param clock where now comes from
     */
    public ClampTtlTransform(Duration max, Clock clock) {
        this.max = max;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "clamp-ttl";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        Instant latest = clock.instant().plus(max);
        if (record.expiresAt() == null || !record.expiresAt().isAfter(latest)) {
            return List.of(record);
        }
        context.flag("clamp-ttl: expiry of " + record.key() + " was more than " + max + " away; clamped to " + latest);
        return List.of(record.toBuilder().expiresAt(latest).build());
    }

    /** Creates {@code clamp-ttl} from {@code max}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "clamp-ttl";
        }

        @Override
        public String description() {
            return "bring expiries further than max from now back to now + max, flagging each: max: 'P90D'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("max"));
            Duration max = args.duration("max");
            if (max.isNegative() || max.isZero()) {
                throw new IllegalArgumentException("transform 'clamp-ttl' argument max must be a positive duration, like P90D");
            }
            return new ClampTtlTransform(max, Clock.systemUTC());
        }
    }
}
