/**
 * The Groovy runbook DSL: turns a runbook file into an immutable {@link io.ferry.runbook.Runbook}.
 *
 * <p>Public API: {@link io.ferry.dsl.RunbookCompiler}, {@link io.ferry.dsl.RunbookException} and the
 * {@link io.ferry.dsl.RunbookProblem}s it carries. The rest is the DSL's delegates: the script base
 * class {@link io.ferry.dsl.RunbookScript} and the {@code *Block} classes whose public methods are the
 * words a runbook may use in each block. They are public so that Groovy and IDEs can see them, not
 * to be called from Java.
 */
package io.ferry.dsl;
