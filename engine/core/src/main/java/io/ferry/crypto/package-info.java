/**
 * Key derivation (Argon2id) and authenticated encryption (AES-256-GCM) for the local store and the
 * journal's before-images, on BouncyCastle and the JDK. Public API.
 */
package io.ferry.crypto;
