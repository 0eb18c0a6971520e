/**
 * Versioned runbooks, the way database migrations are versioned (Flyway's model and vocabulary): a
 * directory of {@code V<version>__<description>.groovy} (or {@code .jsh}) runbooks that run once, in
 * version order, and {@code R__<description>.groovy} runbooks that run again whenever their content
 * changes; a history of what ran in the state store; a lock so that two migrations never run at
 * once; and callbacks. {@link io.ferry.migrate.Migrator} is reached through
 * {@link io.ferry.api.Ferry#migrations(java.nio.file.Path)}. Public API.
 */
package io.ferry.migrate;
