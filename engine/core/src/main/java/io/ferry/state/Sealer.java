package io.ferry.state;

import io.ferry.crypto.Aead;
import io.ferry.crypto.DecryptionException;
import io.ferry.secret.SecretRecord;
import java.util.function.Supplier;

/**
 * Seals what the journal keeps of values (record images, procedure items and variables, queued
 * writes) under a data key, each bound to where it belongs (run, item, which image), so a sealed
 * value moved to another row does not open. The one place values are sealed and opened.
 */
final class Sealer {

    private final Aead aead;

    /**
     * @param dataKey a run's or queue's data key
     * @param purpose what this sealer seals, so each use has its own subkey
     */
    Sealer(byte[] dataKey, String purpose) {
        this.aead = new Aead(Aead.subkey(dataKey, purpose));
    }

    /**
     * @param plain the bytes
     * @param binding where they belong
     * @return them sealed
     */
    byte[] seal(byte[] plain, String binding) {
        return aead.seal(plain, Aead.ad(binding));
    }

    /**
     * @param sealed sealed bytes
     * @param binding where they belong
     * @param altered the message when they do not open there, which names the row but never a value
     * @return the bytes
     * @throws StateException when they do not open
     */
    byte[] open(byte[] sealed, String binding, Supplier<String> altered) {
        try {
            return aead.open(sealed, Aead.ad(binding));
        } catch (DecryptionException e) {
            throw new StateException(altered.get());
        }
    }

    /** @return the record sealed, or null for none */
    byte[] sealRecord(SecretRecord record, String binding) {
        return record == null ? null : seal(RecordCodec.encode(record), binding);
    }

    /** @return the record, or null when none was sealed */
    SecretRecord openRecord(byte[] sealed, String binding, Supplier<String> altered) {
        return sealed == null ? null : RecordCodec.decode(open(sealed, binding, altered));
    }
}
