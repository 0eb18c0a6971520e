/**
 * Zero-downtime migration for applications that embed the engine: decorators of
 * {@link io.ferry.spi.SecretProvider} that an application swaps in for the store it reads and writes.
 * {@link io.ferry.strategy.DualWriteProvider} writes the old store, then the new one, and owes the new
 * one every write that failed in a durable {@link io.ferry.state.RetryQueue};
 * {@link io.ferry.strategy.ShadowReadProvider} serves one store and compares another on a sample of
 * reads; {@link io.ferry.strategy.SplitReadProvider} sends a share of reads to the new store for a
 * gradual cutover. None of them ever passes a value to a hook, a log line or a report.
 */
package io.ferry.strategy;
