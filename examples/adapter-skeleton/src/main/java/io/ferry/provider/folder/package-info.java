/**
 * The {@code folder:} provider, the example adapter of docs/writing-an-adapter.md: secrets kept as
 * one JSON file each in a directory, written owner-only. It is built the way every adapter is (a
 * factory registered for {@link java.util.ServiceLoader} that declares the store's constraints, a
 * provider built on the SPI's toolkit, the testkit's contract as its specification) and compiles
 * against {@code io.ferry.spi} and {@code io.ferry.secret} alone. Not part of Ferry's jar.
 */
package io.ferry.provider.folder;
