/**
 * What the command line and the REPL take from the process they run in: the working directory, the
 * environment, standard input and the terminal ({@link io.ferry.cli.host.Host}), and how a long
 * command hears Ctrl-C ({@link io.ferry.cli.host.Interrupts}). Both the command line and the shell
 * depend on it; it depends on neither. Internal to the command line.
 */
package io.ferry.cli.host;
