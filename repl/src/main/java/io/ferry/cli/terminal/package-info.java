/**
 * Text on its way to a terminal: {@link io.ferry.cli.terminal.TerminalText} escapes the characters
 * that would move the cursor, change colours, ring the bell or reorder what is shown, and
 * {@link io.ferry.cli.terminal.TerminalWriter} applies it to everything the CLI and the REPL print
 * for a person, so that a key, a tag or a message from a store is shown as it is, never obeyed.
 */
package io.ferry.cli.terminal;
