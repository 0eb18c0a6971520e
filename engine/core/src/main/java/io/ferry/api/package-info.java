/**
 * The public API: {@link io.ferry.api.Ferry}, configured with {@code Ferry.configure()...load()},
 * whose every command returns a result object. Embed it to plan, run, resume, roll back, validate
 * and compare from any JVM application.
 */
package io.ferry.api;
