/**
 * Transforms that change the shape of records rather than their content:
 * {@link io.ferry.transform.shape.ExplodeTransform} turns one multi-field JSON record into one record
 * per field, and {@link io.ferry.transform.shape.CollapseTransform} gathers records sharing a prefix
 * back into one. Public API; registered as the named transforms {@code explode} and {@code collapse}.
 */
package io.ferry.transform.shape;
