package io.ferry.provider.file

import com.fasterxml.jackson.databind.ObjectMapper
import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderException
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.SecretProvider
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** Secrets files in a temporary directory, opened through the registry as a command would open them. */
abstract class FileStoreSpecification extends Specification {

    /** Planted in files as a value; no message may show it. */
    static final String CANARY = 'canary-5ec7e7-value'

    @TempDir
    Path dir

    List<SecretProvider> opened = []

    def cleanup() {
        opened*.close()
    }

    ProviderContext context(boolean createMissing = false) {
        new ProviderContext(dir, [FERRY_JOURNAL_KEY_FILE: dir.resolve('keys/journal.key').toString()],
                ProviderContext.PassphraseSource.none(), createMissing)
    }

    /** Writes a file and opens it, as a source is opened. */
    SecretProvider file(String name, String content, String options = '') {
        Files.writeString(dir.resolve(name), content)
        open("file:$name$options")
    }

    SecretProvider open(String uri, boolean createMissing = false) {
        def provider = ProviderRegistry.load().open(uri, context(createMissing))
        opened << provider
        provider
    }

    /** @return every key and text value, in listing order */
    Map<String, String> contents(SecretProvider provider) {
        provider.stream('', 100).map { it.key() }.toList().collectEntries { [it, provider.read(it).get().value().text()] }
    }

    /** @return the failure of opening (and so parsing) a file */
    ProviderException refusal(String name, String content, String options = '') {
        try {
            file(name, content, options)
        } catch (ProviderException e) {
            return e
        }
        throw new AssertionError("$name was accepted")
    }

    void put(SecretProvider provider, SecretRecord... records) {
        records.each { provider.write(it, WriteCondition.upsert(), WriteOptions.none()) }
    }

    /** @return a JSON file's content as maps, lists and strings */
    Object parseJson(String json) {
        new ObjectMapper().readValue(json, Object)
    }

    String text(String name) {
        Files.readString(dir.resolve(name))
    }
}
