package io.ferry.provider.azure

import io.ferry.spi.ProviderContext
import io.ferry.spi.ProviderRegistry
import io.ferry.spi.ProviderSpec
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** The URI and DSL forms of an azure provider, and their mistakes, each named with the fix. */
class AzureSettingsSpec extends Specification {

    @TempDir
    Path dir

    ProviderContext context() {
        new ProviderContext(dir, [:], ProviderContext.PassphraseSource.none())
    }

    def "the URI and the DSL call give the same settings"() {
        given:
        Files.writeString(dir.resolve('ca.pem'), 'not used here')

        expect:
        AzureSettings.of(ProviderSpec.parse('azure:https://payments-prod.vault.azure.net?prefix=payments-&ca=ca.pem&purgeOnDelete=true'), context()) ==
                AzureSettings.of(new ProviderSpec('azure', null, [vault: 'https://payments-prod.vault.azure.net', prefix: 'payments-',
                                                                  ca: 'ca.pem', purgeOnDelete: 'true']), context())
        with(AzureSettings.of(ProviderSpec.parse('azure:https://payments-prod.vault.azure.net/?prefix=payments-&ca=ca.pem'), context())) {
            vaultUrl() == 'https://payments-prod.vault.azure.net'
            prefix() == 'payments-'
            ca() == dir.resolve('ca.pem')
            !purgeOnDelete()
            !loopback()
        }
    }

    def "a bare vault name means its vault.azure.net URL"() {
        expect:
        AzureSettings.of(ProviderSpec.parse('azure:payments-prod'), context()).vaultUrl() == 'https://payments-prod.vault.azure.net'
    }

    def "only a loopback vault is a local one (whose challenge names another resource)"() {
        expect:
        AzureSettings.of(ProviderSpec.parse("azure:$url"), context()).loopback() == loopback

        where:
        url                                   || loopback
        'https://127.0.0.1:8443'              || true
        'https://localhost:8443'              || true
        'https://[::1]:8443'                  || true
        'https://payments.vault.azure.net'    || false
        'https://127.0.0.1.example.com'       || false
    }

    def "a mistake in the spec is refused with the option and the fix: #what"() {
        when:
        ProviderRegistry.load().open(uri, context())

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains(expected)

        where:
        what                 | uri                                                                          || expected
        'plain http'         | 'azure:http://127.0.0.1:8200'                                                || 'only HTTPS'
        'no vault'           | 'azure:?prefix=a-'                                                           || 'no vault'
        'two vaults'         | 'azure:https://a.vault.azure.net?vault=https://b.vault.azure.net'            || 'names two vaults'
        'a path'             | 'azure:https://a.vault.azure.net/secrets'                                    || 'scope with prefix='
        'an unknown option'  | 'azure:https://a.vault.azure.net?region=x'                                   || 'the azure provider takes: vault, prefix, ca, purgeOnDelete'
        'a bad prefix'       | 'azure:https://a.vault.azure.net?prefix=payments/'                           || "prefix 'payments/'"
        'a missing CA file'  | 'azure:https://a.vault.azure.net?ca=missing.pem'                             || 'ca=missing.pem'
        'a file with no CA'  | "azure:https://a.vault.azure.net?ca=${Files.writeString(Files.createTempFile('empty', '.pem'), '')}" || 'holds no certificate'
        'a bad boolean'      | 'azure:https://a.vault.azure.net?purgeOnDelete=maybe'                        || 'must be true or false'
        'a bad rate'         | 'azure:https://a.vault.azure.net?rate.write=fast'                            || "option 'rate.write'"
    }

    def "the factory claims the azure scheme and describes the URI"() {
        expect:
        ProviderRegistry.load().open('azure:https://a.vault.azure.net', context()) instanceof AzureProvider
        new AzureProviderFactory().description().contains('azure:https://NAME.vault.azure.net')
    }
}
