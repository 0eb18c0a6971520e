/**
 * The record that flows through every stage: {@link io.ferry.secret.SecretRecord}, its value
 * {@link io.ferry.secret.SecretValue} (bytes that never print themselves), and the keyed
 * {@link io.ferry.secret.Fingerprinter} used to compare values without revealing them.
 * Public API.
 */
package io.ferry.secret;
