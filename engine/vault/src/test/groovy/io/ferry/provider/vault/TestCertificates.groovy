package io.ferry.provider.vault

import java.math.BigInteger
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.cert.X509Certificate
import java.util.Base64
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder

/** A throwaway self-signed certificate for 127.0.0.1: the test server's TLS identity and the CA a client is told to trust. */
class TestCertificates {

    final KeyPair keys = KeyPairGenerator.getInstance('EC').with { initialize(256); generateKeyPair() }
    final X509Certificate certificate

    TestCertificates() {
        def name = new X500Name('CN=127.0.0.1')
        def now = new Date()
        def builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.time), now, new Date(now.time + 86_400_000L),
                name, keys.public)
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, '127.0.0.1')))
        certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder('SHA256withECDSA').build(keys.private)))
    }

    /** @return the certificate in PEM, as a ca= file holds it */
    String pem() {
        '-----BEGIN CERTIFICATE-----\n' + Base64.getMimeEncoder(64, '\n'.bytes).encodeToString(certificate.encoded) +
                '\n-----END CERTIFICATE-----\n'
    }

    /** @return the server side's TLS context */
    SSLContext serverContext() {
        def store = KeyStore.getInstance('PKCS12')
        store.load(null, null)
        store.setKeyEntry('vault', keys.private, 'x'.toCharArray(), [certificate] as X509Certificate[])
        def managers = KeyManagerFactory.getInstance(KeyManagerFactory.defaultAlgorithm).with { init(store, 'x'.toCharArray()); it }
        SSLContext.getInstance('TLS').with { init(managers.keyManagers, null, null); it }
    }
}
