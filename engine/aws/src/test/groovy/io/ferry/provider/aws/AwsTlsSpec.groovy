package io.ferry.provider.aws

import io.ferry.secret.SecretRecord
import io.ferry.spi.ProviderException
import io.ferry.spi.WriteCondition
import io.ferry.spi.WriteOptions
import io.ferry.testkit.server.ServerKnobs
import io.ferry.testkit.server.aws.AwsSecretsManagerServer
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.cert.X509Certificate
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** TLS is verified by default; a private CA is trusted through the ca option. */
class AwsTlsSpec extends Specification {

    @Shared
    @TempDir
    Path dir

    @Shared
    X509Certificate certificate

    @Shared
    @AutoCleanup
    AwsSecretsManagerServer server

    def setupSpec() {
        def keys = KeyPairGenerator.getInstance('RSA').with { initialize(2048); generateKeyPair() }
        def name = new X500Name('CN=ferry test CA')
        def now = new Date()
        def builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.time), new Date(now.time - 60_000),
                new Date(now.time + 86_400_000), name, keys.public)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, '127.0.0.1')))
        certificate = new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder('SHA256withRSA').build(keys.private)))
        def store = KeyStore.getInstance('PKCS12')
        store.load(null, null)
        store.setKeyEntry('server', keys.private, 'pw'.toCharArray(), [certificate] as X509Certificate[])
        def kmf = KeyManagerFactory.getInstance(KeyManagerFactory.defaultAlgorithm)
        kmf.init(store, 'pw'.toCharArray())
        def tls = SSLContext.getInstance('TLS')
        tls.init(kmf.keyManagers, null, null)
        server = new AwsSecretsManagerServer(new ServerKnobs(), tls).start(0) as AwsSecretsManagerServer
        Files.writeString(dir.resolve('ca.pem'), '-----BEGIN CERTIFICATE-----\n'
                + Base64.getMimeEncoder(64, '\n'.bytes).encodeToString(certificate.encoded) + '\n-----END CERTIFICATE-----\n')
    }

    def "with the CA given, the provider talks HTTPS to the endpoint"() {
        given:
        def provider = AwsTestSupport.open(server, 'tls/', [ca: dir.resolve('ca.pem').toString()])

        when:
        provider.write(SecretRecord.ofText('k', 'v'), WriteCondition.upsert(), WriteOptions.none())

        then:
        server.endpoint().scheme == 'https'
        provider.read('k').get().value().text() == 'v'
        provider.health(false).healthy()

        cleanup:
        provider.close()
    }

    def "without it, the certificate is not trusted and the error says to check the TLS trust"() {
        given:
        def provider = AwsTestSupport.open(server, 'tls/', ['rate.attempts': '1'])

        when:
        provider.read('k')

        then:
        def e = thrown(ProviderException)
        e.kind() == ProviderException.Kind.UNAVAILABLE
        e.message.contains(server.endpoint().toString())
        e.message.contains('TLS trust (ca option)')
        !provider.health(false).reachable()

        cleanup:
        provider.close()
    }
}
