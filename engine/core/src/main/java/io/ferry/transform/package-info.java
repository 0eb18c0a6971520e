/**
 * Per-record transforms: the {@link io.ferry.transform.Transform} interface, the mutable
 * {@link io.ferry.transform.RecordDraft} a Groovy transform edits, and the
 * {@link io.ferry.transform.TransformFactory} SPI through which named transforms are found.
 * Public API and SPI.
 */
package io.ferry.transform;
