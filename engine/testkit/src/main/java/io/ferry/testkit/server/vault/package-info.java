/**
 * A wire-faithful HashiCorp Vault server for tests and {@code ferry emulate vault}: the KV secrets
 * engine in versions 1 and 2, mounts, tokens, AppRole and Kubernetes logins, namespaces and a sealed
 * state, behind the latency, fault and quota knobs every test server has.
 */
package io.ferry.testkit.server.vault;
