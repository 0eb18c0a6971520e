package io.ferry.provider.aws;

import io.ferry.spi.Constraints;
import io.ferry.spi.NameCharacters;
import java.util.regex.Pattern;

/**
 * AWS Secrets Manager's rules, from the provider facts the engine is built on (PROVIDERS.md): names
 * of 1-512 characters from {@code A-Za-z0-9/_+=.@-}, values up to 65,536 bytes (SecretString or
 * SecretBinary, so binary is kept as is), 50 tags with keys up to 128 and values up to 256
 * characters, case-sensitive names. The provider narrows them by its prefix; {@code memory:?emulate=aws}
 * takes them as they are, through {@link AwsProviderFactory#constraints()}.
 */
final class AwsConstraints {

    private AwsConstraints() {
    }

    /** @return the constraints of AWS Secrets Manager */
    static Constraints of() {
        return new Constraints("AWS Secrets Manager", Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}"),
                "1-512 ASCII letters, digits and /_+=.@-", 512, 65_536, 50, 128, 256, true, false,
                NameCharacters.of("[A-Za-z0-9/_+=.@-]", "ASCII letters, digits and /_+=.@-"));
    }
}
