/**
 * JShell runbooks: a {@code .jsh} file of Java snippets that builds a {@link io.ferry.runbook.Runbook}
 * with {@link io.ferry.runbook.Runbook#builder()}, run by the JDK's JShell in this JVM with the engine
 * on its class path. {@link io.ferry.jshell.JShellRunbookCompiler} is the public API.
 */
package io.ferry.jshell;
