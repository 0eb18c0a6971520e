package io.ferry.provider.vault

import java.math.BigInteger
import java.security.KeyPairGenerator
import java.util.Base64
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder

/** A throwaway self-signed CA certificate, for the CA option's tests. */
class TestCertificates {

    static String selfSignedPem() {
        def keys = KeyPairGenerator.getInstance('EC').with { initialize(256); generateKeyPair() }
        def name = new X500Name('CN=Ferry Test CA')
        def now = new Date()
        def holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, now, new Date(now.time + 86_400_000L), name, keys.public)
                .build(new JcaContentSignerBuilder('SHA256withECDSA').build(keys.private))
        '-----BEGIN CERTIFICATE-----\n' + Base64.getMimeEncoder(64, '\n'.bytes).encodeToString(holder.encoded) + '\n-----END CERTIFICATE-----\n'
    }
}
