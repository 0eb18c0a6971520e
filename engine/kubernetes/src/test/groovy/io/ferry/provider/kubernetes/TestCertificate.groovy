package io.ferry.provider.kubernetes

import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.cert.Certificate
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

/** A self-signed certificate for 127.0.0.1, as a private cluster CA would issue: its PEM file and a server TLS context. */
class TestCertificate {

    final Path pem
    final SSLContext serverContext

    private TestCertificate(Path pem, SSLContext serverContext) {
        this.pem = pem
        this.serverContext = serverContext
    }

    /** @return a new certificate, its PEM written into the directory */
    static TestCertificate create(Path dir) {
        def generator = KeyPairGenerator.getInstance('EC')
        generator.initialize(256)
        def keys = generator.generateKeyPair()
        def name = new X500Name('CN=kubernetes-test-apiserver')
        long now = System.currentTimeMillis()
        def builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 60_000),
                new Date(now + 86_400_000L), name, keys.public)
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames([
                new GeneralName(GeneralName.iPAddress, '127.0.0.1'), new GeneralName(GeneralName.dNSName, 'localhost')] as GeneralName[]))
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder('SHA256withECDSA').build(keys.private)))
        def pem = dir.resolve('ca.pem')
        Files.writeString(pem, '-----BEGIN CERTIFICATE-----\n'
                + Base64.getMimeEncoder(64, '\n'.bytes).encodeToString(certificate.encoded) + '\n-----END CERTIFICATE-----\n')
        def store = KeyStore.getInstance('PKCS12')
        store.load(null, null)
        char[] password = 'test'.toCharArray()
        store.setKeyEntry('server', keys.private, password, [certificate] as Certificate[])
        def keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.defaultAlgorithm)
        keyManagers.init(store, password)
        def context = SSLContext.getInstance('TLS')
        context.init(keyManagers.keyManagers, null, null)
        new TestCertificate(pem, context)
    }
}
