/**
 * The library of named per-record transforms, found by name through
 * {@link io.ferry.transform.TransformFactory}: {@code transform 'rename', from: ~/^app\//, to: 'svc/'}.
 */
package io.ferry.transforms;
