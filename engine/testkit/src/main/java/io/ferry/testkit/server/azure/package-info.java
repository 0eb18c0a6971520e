/**
 * An in-process Azure Key Vault (secrets REST API over HTTPS, with the bearer challenge, soft
 * delete, paging, Key Vault's limits and error bodies) for testing the {@code azure} adapter with the
 * real Azure SDK and for rehearsing runbooks offline with {@code ferry emulate azure}.
 */
package io.ferry.testkit.server.azure;
