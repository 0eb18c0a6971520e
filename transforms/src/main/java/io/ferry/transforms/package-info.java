/**
 * The library of named per-record transforms, found by name through
 * {@link io.ferry.transform.TransformFactory}: {@code transform 'rename', from: ~/^app\//, to: 'svc/'}.
 *
 * <ul>
 *   <li>Names: {@code rename}, {@code prefix}, {@code case}, {@code style}, {@code azure-safe-names},
 *       {@code k8s-safe-names}, {@code path-to-name}, {@code name-to-path}.
 *   <li>Values: {@code trim}, {@code value-case}, {@code base64}; for multi-field (JSON object)
 *       values {@code json-rename}, {@code json-pick}, {@code json-drop}, {@code json-set},
 *       {@code json-convert}, {@code json-compute}, {@code template}.
 *   <li>Metadata: {@code tags}, {@code content-type}, {@code expiry}, {@code clamp-ttl}.
 *   <li>Selection: {@code filter} and {@code flag}.
 * </ul>
 *
 * <p>Each is a small class with a nested factory registered in
 * {@code META-INF/services/io.ferry.transform.TransformFactory}. All are thread-safe; Groovy
 * expressions are compiled once per transform and run with a fresh script per record. Errors name the
 * transform, the key and the field, never a value. Transforms that can be undone declare it through
 * {@link io.ferry.transform.Transform#reversible()} and give their inverse.
 */
package io.ferry.transforms;
