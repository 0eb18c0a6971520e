/**
 * A wire-faithful Kubernetes API server for Secrets, for tests and {@code ferry emulate kubernetes}:
 * namespaces, labels and selectors, resourceVersion with optimistic concurrency, list paging and
 * watch, with the API server's validation and Status refusals, behind the latency, fault and quota
 * knobs every test server has.
 */
package io.ferry.testkit.server.kubernetes;
