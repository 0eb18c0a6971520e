/**
 * Benchmarks of the engine: each scenario runs in a fresh JVM of its own, several times, and the
 * medians go into BENCHMARKS.md with the command and the machine.
 */
package io.ferry.bench;
