/**
 * The immutable {@link io.ferry.runbook.Runbook} model: source, target, the options of each stage,
 * transforms and hooks. Built by the Groovy DSL or by {@link io.ferry.runbook.Runbook#builder()}
 * from Java and JShell. Public API.
 */
package io.ferry.runbook;
