/**
 * In-process servers that speak each store's wire protocol, for testing adapters with their real
 * SDK clients and for rehearsing runbooks offline ({@code ferry emulate}). {@link
 * io.ferry.testkit.server.WireServer} holds what they share: loopback binding, latency, injected
 * faults and quotas answered with the store's own throttling response.
 */
package io.ferry.testkit.server;
