package io.ferry.provider.vault;

import io.ferry.spi.Constraints;
import io.ferry.spi.NameCharacters;
import java.util.regex.Pattern;

/**
 * HashiCorp Vault KV's rules, from the provider facts the engine is built on (PROVIDERS.md):
 * path-like keys (segments separated by single slashes, no leading or trailing slash, since a
 * trailing slash names a folder); no control characters (C0, DEL, C1): Vault would take them
 * percent-encoded, but a path is a URL, an audit-log entry and a CLI argument, where they are not
 * safe, so Ferry refuses them rather than store a name no tool shows as it is; values are JSON
 * strings, so binary values are encoded; a storage entry of about 512 KiB on the smallest backends;
 * custom_metadata of at most 64 keys, key 128 and value 512 characters. {@link VaultProvider} adjusts
 * them for what the adapter keeps itself; {@code memory:?emulate=vault} takes them as they are,
 * through {@link VaultProviderFactory#constraints()}.
 */
final class VaultConstraints {

    private VaultConstraints() {
    }

    /** @return the constraints of Vault KV */
    static Constraints of() {
        return new Constraints("HashiCorp Vault KV", Pattern.compile("[^/\\p{Cc}]+(/[^/\\p{Cc}]+)*"),
                "path segments separated by single slashes, without a leading or trailing slash or control characters",
                1024, 512 * 1024, 64, 128, 512, true, true,
                NameCharacters.of("[^\\p{Cc}\\p{Cs}]", "any character but control characters (U+0000-U+001F, U+007F-U+009F), "
                        + "which are not safe in a URL path"));
    }
}
