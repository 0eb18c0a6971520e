package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformContext;
import java.util.List;

/** A transform that changes only the key, through a function of the key alone. */
abstract class KeyMapping implements Transform {

    /**
     * @param key a record's key
     * @return the new key
     * @throws IllegalArgumentException naming the key when it cannot be mapped
     */
    abstract String map(String key);

    @Override
    public final List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        String mapped = map(record.key());
        if (mapped.isEmpty()) {
            throw new IllegalArgumentException(name() + " turns key " + record.key() + " into an empty name");
        }
        return List.of(mapped.equals(record.key()) ? record : record.toBuilder().key(mapped).build());
    }
}
