/**
 * The manual pages of the distribution: one troff page (man(7)) per command, written at build time
 * from the picocli command definitions, so that {@code man ferry-copy} says what {@code ferry copy --help} says.
 */
package io.ferry.cli.manual;
