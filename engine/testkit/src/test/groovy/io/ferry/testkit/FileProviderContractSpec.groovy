package io.ferry.testkit

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import java.nio.file.Path
import spock.lang.TempDir

/**
 * A secrets file written with plaintext=true, in each format whose names the contract's keys fit,
 * on a new file in a temporary directory for each feature. A file keeps no history, no tags, no
 * content type but the one its shape implies, and only text.
 */
abstract class FileProviderContractSpec extends SecretProviderContract {

    @TempDir
    Path dir

    /** @return the file's name and options, after {@code file:} */
    abstract String location()

    SecretProvider openProvider() {
        def context = new ProviderContext(dir, [FERRY_JOURNAL_KEY_FILE: dir.resolve('journal.key').toString()],
                ProviderContext.PassphraseSource.none())
        ProviderRegistry.load().open("file:${location()}", context)
    }

    boolean supportsHistory() {
        false
    }

    boolean supportsTags() {
        false
    }

    boolean supportsBinaryValues() {
        false
    }

    boolean supportsContentType() {
        false
    }

    List<String> keptAttribute() {
        []
    }
}

/** A JSON file, nested objects flattened. */
class FileJsonContractSpec extends FileProviderContractSpec {
    String location() {
        'contract.json?plaintext=true'
    }
}

/** A JSON file with top-level objects kept whole. */
class FileJsonKeptContractSpec extends FileProviderContractSpec {
    String location() {
        'contract.json?plaintext=true&nested=keep'
    }
}

/** A YAML file. */
class FileYamlContractSpec extends FileProviderContractSpec {
    String location() {
        'contract.yaml?plaintext=true'
    }
}

/** A Java properties file. */
class FilePropertiesContractSpec extends FileProviderContractSpec {
    String location() {
        'contract.properties?plaintext=true'
    }
}
