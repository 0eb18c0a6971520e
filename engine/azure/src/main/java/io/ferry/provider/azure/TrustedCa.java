package io.ferry.provider.azure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context for {@code ca=/path/ca.pem}: it trusts the CA certificates in that PEM file and
 * nothing else (not the system's trust store), and verifies the vault's certificate and host name
 * against them as usual. Verification is never turned off.
 */
final class TrustedCa {

    private TrustedCa() {
    }

    /**
     * @param pem a file of one or more PEM certificates
     * @return a client TLS context trusting exactly those certificates
     * @throws IllegalArgumentException when the file holds no certificate, naming it and the fix
     */
    static SSLContext context(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("ca=" + pem + " holds no certificate; give a PEM file with "
                        + "-----BEGIN CERTIFICATE----- blocks");
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            managers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("ca=" + pem + " is not a readable PEM certificate file (" + e.getMessage()
                    + "); give the PEM of the CA that signed the vault's certificate", e);
        }
    }
}
