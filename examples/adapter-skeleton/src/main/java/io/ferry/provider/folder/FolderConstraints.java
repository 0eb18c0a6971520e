package io.ferry.provider.folder;

import io.ferry.spi.Constraints;
import io.ferry.spi.NameCharacters;
import java.util.regex.Pattern;

/**
 * The folder store's rules. A secret's file is named after a digest of its key, so any text makes a
 * name; control characters are refused all the same, since a key is also shown in terminals and
 * logs, where they are not safe. The limits are the store's own choice, declared once here and enforced by the planner, by
 * {@link FolderProvider#write} and by {@code memory:?emulate=folder} alike.
 */
final class FolderConstraints {

    private FolderConstraints() {
    }

    /** @return the constraints of a folder store */
    static Constraints of() {
        return new Constraints("folder store", Pattern.compile("[^\\p{Cc}]{1,1024}"),
                "1-1024 characters but control characters", 1024, 1024 * 1024, 50, 128, 256, true, false,
                NameCharacters.of("[^\\p{Cc}\\p{Cs}]", "any character but control characters and unpaired surrogates"));
    }
}
