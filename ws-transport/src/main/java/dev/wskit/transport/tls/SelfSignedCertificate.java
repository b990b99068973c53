package dev.wskit.transport.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate and its key, made at run time for {@code wss://} development servers and tests,
 * with the host names and addresses it is valid for as subject alternative names (so hostname verification,
 * RFC 6125, passes). Needs Bouncy Castle's {@code bcpkix} on the class or module path. Immutable and
 * thread-safe.
 */
public final class SelfSignedCertificate {
    private static final char[] PASSWORD = "wskit".toCharArray();

    private final KeyStore keyStore;
    private final X509Certificate certificate;

    private SelfSignedCertificate(KeyStore keyStore, X509Certificate certificate) {
        this.keyStore = keyStore;
        this.certificate = certificate;
    }

    /**
     * Makes a certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid for 30 days.
     *
     * @return the certificate
     * @throws GeneralSecurityException when the JDK cannot make the key or Bouncy Castle cannot sign
     */
    public static SelfSignedCertificate forLocalhost() throws GeneralSecurityException {
        return create(List.of("localhost"), List.of("127.0.0.1", "::1"), Duration.ofDays(30));
    }

    /**
     * Makes a certificate for the given names and addresses.
     *
     * @param dnsNames host names, the first also being the subject's common name
     * @param ipAddresses literal IP addresses
     * @param validity how long it is valid from now
     * @return the certificate
     * @throws GeneralSecurityException when the key cannot be made or the certificate cannot be signed
     */
    public static SelfSignedCertificate create(List<String> dnsNames, List<String> ipAddresses, Duration validity)
        throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256, new SecureRandom());
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + (dnsNames.isEmpty() ? "wskit" : dnsNames.get(0)));
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
            new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(validity)), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(dnsNames, ipAddresses));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("wskit", keys.getPrivate(), PASSWORD, new X509Certificate[] {certificate});
            return new SelfSignedCertificate(store, certificate);
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException("Could not sign the certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(List<String> dnsNames, List<String> ipAddresses) {
        GeneralName[] names = new GeneralName[dnsNames.size() + ipAddresses.size()];
        int i = 0;
        for (String dns : dnsNames) {
            names[i++] = new GeneralName(GeneralName.dNSName, dns);
        }
        for (String ip : ipAddresses) {
            names[i++] = new GeneralName(GeneralName.iPAddress, ip);
        }
        return new GeneralNames(names);
    }

    /**
     * Returns the certificate.
     *
     * @return the X.509 certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Builds a server TLS context that presents this certificate.
     *
     * @return the context
     * @throws GeneralSecurityException when the JDK refuses the key
     */
    public SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    /**
     * Builds a client TLS context that trusts this certificate (and nothing else).
     *
     * @return the context
     * @throws GeneralSecurityException when the JDK refuses the certificate
     */
    public SSLContext clientContext() throws GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try {
            trust.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        trust.setCertificateEntry("wskit", certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }
}
