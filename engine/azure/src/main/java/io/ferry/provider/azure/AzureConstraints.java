package io.ferry.provider.azure;

import io.ferry.spi.Constraints;
import io.ferry.spi.NameCharacters;
import java.util.regex.Pattern;

/**
 * Azure Key Vault's rules for secrets, from the provider facts the engine is built on
 * (PROVIDERS.md): names of 1-127 characters from {@code 0-9a-zA-Z-}, compared without regard to
 * case; string values of at most 25 KB (25,600 bytes), so binary values are encoded; 15 tags, Key
 * Vault's whole allowance: where a record fills it, the adapter keeps its idempotency token and the
 * ownership mark in the content type's parameters instead of tags. The tag name and value limits
 * (256 each) are the conservative reading of Azure's documentation, which does not state them for
 * Key Vault items. The provider narrows them by its prefix; {@code memory:?emulate=azure} takes them
 * as they are, through {@link AzureProviderFactory#constraints()}.
 */
final class AzureConstraints {

    private AzureConstraints() {
    }

    /** @return the constraints of Azure Key Vault */
    static Constraints of() {
        return new Constraints("Azure Key Vault", Pattern.compile("[0-9a-zA-Z-]{1,127}"),
                "1-127 ASCII letters, digits and -, compared without regard to case", 127, 25_600, 15, 256, 256,
                false, true, NameCharacters.of("[0-9a-zA-Z-]", "ASCII letters, digits and -"));
    }
}
