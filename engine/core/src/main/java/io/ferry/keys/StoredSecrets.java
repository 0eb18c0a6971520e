package io.ferry.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderContext;
import io.ferry.spi.ProviderException;
import io.ferry.spi.ProviderRegistry;
import io.ferry.spi.SecretProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the one secret a {@link SecretReference} names, through the adapter its store's scheme
 * picks, for a key or passphrase that must not live in a file. The store is only read, and must
 * exist: a missing store or secret is an error, never a new, empty one.
 */
public final class StoredSecrets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderRegistry providers;

    /**
     * @param providers the adapters that can open the stores references name
     */
    public StoredSecrets(ProviderRegistry providers) {
        this.providers = providers;
    }

    /**
     * @param reference where the secret is
     * @param what what the secret is, such as {@code the journal key}, for the messages
     * @param context the working directory, environment and passphrases the store opens with
     * @return the secret's text: the value, or its JSON field
     * @throws KeySourceException naming the reference and the fix, when the store cannot be opened
     *     or read, the secret does not exist or is disabled, or no field can be chosen
     */
    public SecretValue read(SecretReference reference, String what, ProviderContext context) {
        Optional<SecretRecord> found;
        try (SecretProvider store = providers.open(reference.storeUri(), context.existingOnly())) {
            found = store.read(reference.key());
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.NOT_FOUND) {
                throw missing(reference, what, e);
            }
            throw new KeySourceException("cannot read " + what + " at " + reference + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Adapters word these about the URI and its options, never about a value.
            throw new KeySourceException("cannot open the store of " + what + " at " + reference + ": "
                    + e.getMessage(), e);
        } catch (Exception e) {
            throw new KeySourceException("cannot read " + what + " at " + reference + " (" + e.getClass().getSimpleName()
                    + "); check the store's address and credentials", e);
        }
        SecretRecord record = found.orElseThrow(() -> missing(reference, what, null));
        if (record.isDisabled()) {
            throw new KeySourceException(what + " at " + reference + " is disabled in its store; enable it, or point "
                    + "at another secret");
        }
        return field(record, reference, what);
    }

    private static KeySourceException missing(SecretReference reference, String what, Throwable cause) {
        return new KeySourceException(what + " at " + reference + " is missing: the store " + reference.storeUri()
                + " has no secret '" + reference.key() + "'; create it there, or point at the secret that holds it", cause);
    }

    /** The field a JSON secret keeps the text in: the one named, or the only one. */
    private static SecretValue field(SecretRecord record, SecretReference reference, String what) {
        boolean json = SecretRecord.JSON.equals(record.contentType());
        if (!json) {
            if (reference.field() != null) {
                throw new KeySourceException(what + " at " + reference + " is not a secret of JSON fields, so it has no "
                        + "field '" + reference.field() + "'; leave out #" + reference.field());
            }
            return record.value();
        }
        JsonNode fields;
        try {
            fields = JSON.readTree(record.value().bytes());
        } catch (JsonProcessingException e) {
            throw new KeySourceException(what + " at " + reference + " is marked as JSON but does not parse as JSON; "
                    + "store the text alone, or as one field of a JSON object");
        } catch (java.io.IOException e) {
            throw new KeySourceException("cannot read " + what + " at " + reference + " as JSON", e);
        }
        if (fields == null || !fields.isObject()) {
            throw new KeySourceException(what + " at " + reference + " is JSON but not an object of fields; store the "
                    + "text alone, or as one field of a JSON object");
        }
        List<String> names = new ArrayList<>();
        fields.fieldNames().forEachRemaining(names::add);
        String name = reference.field();
        if (name == null) {
            if (names.size() != 1) {
                throw new KeySourceException(what + " at " + reference + " has the fields " + String.join(", ", names)
                        + "; name the one that holds it, as " + reference + "#FIELD");
            }
            name = names.get(0);
        }
        JsonNode value = fields.get(name);
        if (value == null) {
            throw new KeySourceException(what + " at " + reference + " has no field '" + name + "' (its fields: "
                    + String.join(", ", names) + ")");
        }
        if (!value.isTextual()) {
            throw new KeySourceException("the field '" + name + "' of " + what + " at " + reference
                    + " is not text; store the text as a JSON string");
        }
        return SecretValue.ofText(value.textValue());
    }
}
