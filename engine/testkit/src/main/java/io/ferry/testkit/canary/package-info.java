/**
 * The canary harness: a {@link io.ferry.testkit.canary.Canary} value and the search for it in every
 * {@link io.ferry.testkit.canary.Encoding}, and the hostile parts that try to leak it: a store whose
 * failures quote what they were sent ({@link io.ferry.testkit.canary.HostileStore}, and
 * {@link io.ferry.testkit.canary.Echo} for the wire test servers), and code that throws messages
 * built from a value ({@link io.ferry.testkit.canary.HostileCode},
 * {@link io.ferry.testkit.canary.HostileRunbooks}). Every specification can plant a canary, run
 * its commands against these, and search everything they wrote.
 */
package io.ferry.testkit.canary;
