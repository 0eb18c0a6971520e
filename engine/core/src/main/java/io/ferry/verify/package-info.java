/**
 * Validation: reads every written record back from the target and compares it with what was
 * planned, by keyed fingerprint. Internal to the engine except the {@link io.ferry.verify.ValidationReport}.
 */
package io.ferry.verify;
