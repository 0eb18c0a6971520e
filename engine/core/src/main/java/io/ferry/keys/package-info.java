/**
 * Keys and passphrases kept as secrets in a store Ferry can read, rather than in a file: the
 * journal key behind {@code --journal-key} and {@code FERRY_JOURNAL_KEY_URI}, the local store's
 * passphrase behind {@code FERRY_LOCAL_PASSPHRASE_URI}. A {@link io.ferry.keys.SecretReference}
 * says where one is; {@link io.ferry.keys.StoredSecrets} reads it, and every failure is one line
 * naming that place, never the secret.
 */
package io.ferry.keys;
