package io.keyturn.testsupport;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A throw-away certificate authority for device client certificates (and the delivery server's certificate), as the
 * tests and the local stack need. Real units carry a certificate from the vendor's client CA; this one issues
 * certificates shaped like them (spa-protocol.md §6): the subject's {@code ST} (S) is the MAC, {@code OU} the
 * product (e.g. {@code SPA-962}) and {@code L} the serial. Never use it for anything but development.
 */
public final class DeviceCa {

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private DeviceCa(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A new CA with a fresh RSA key, valid for ten years. */
    public static DeviceCa generate(String commonName) {
        try {
            KeyPair pair = rsa();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "keyturn development")
                    .addRDN(BCStyle.CN, commonName).build();
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new DeviceCa(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not create a device CA: " + e.getMessage(), e);
        }
    }

    /** The CA saved by {@link #save} in {@code dir} ({@code ca.pem}, {@code ca.key}). */
    public static DeviceCa load(Path dir) throws IOException {
        try {
            X509Certificate cert = parseCertificates(Files.readString(dir.resolve("ca.pem"))).get(0);
            PrivateKey key = parsePrivateKey(Files.readString(dir.resolve("ca.key")));
            return new DeviceCa(cert, key);
        } catch (GeneralSecurityException e) {
            throw new IOException("the device CA in " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes {@code ca.pem} and {@code ca.key} (owner-only) into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", encoded(certificate)));
        Path keyFile = dir.resolve("ca.key");
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        try {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the development key is throw-away anyway.
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate in PEM: the device-CA bundle delivery trusts. */
    public String certificatePem() {
        return pem("CERTIFICATE", encoded(certificate));
    }

    /**
     * A device client certificate shaped like a Sipura/Cisco unit's: {@code ST=<mac>}, {@code OU=<model>},
     * {@code L=<serial>}.
     *
     * @param mac 12 lowercase hex digits
     * @param model the product as the vendor writes it, e.g. {@code SPA-962}
     * @param serial the unit's serial, e.g. {@code 88012BA01234}
     */
    public Issued issueDevice(String mac, String model, String serial, Duration validity) {
        String m = Objects.requireNonNull(mac, "mac").toLowerCase(Locale.ROOT);
        if (!MAC.matcher(m).matches()) {
            throw new IllegalArgumentException("a MAC is 12 hex digits");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.ST, m)
                .addRDN(BCStyle.L, serial)
                .addRDN(BCStyle.O, "Sipura Technology, Inc.")
                .addRDN(BCStyle.OU, model)
                .addRDN(BCStyle.CN, model + "-" + m).build();
        return issue(subject, validity, KeyPurposeId.id_kp_clientAuth, null);
    }

    /** A pre-2.0 generic unit certificate ({@code OU=cisco.com, L=ciscogeneric, ST=ciscogeneric}). */
    public Issued issueGeneric(Duration validity) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.ST, "ciscogeneric")
                .addRDN(BCStyle.L, "ciscogeneric")
                .addRDN(BCStyle.OU, "cisco.com")
                .addRDN(BCStyle.CN, "ciscogeneric").build();
        return issue(subject, validity, KeyPurposeId.id_kp_clientAuth, null);
    }

    /** A server certificate for {@code hosts} (DNS names or IP literals), e.g. delivery's HTTPS listener. */
    public Issued issueServer(Duration validity, String... hosts) {
        if (hosts.length == 0) {
            throw new IllegalArgumentException("a server certificate names at least one host");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String h : hosts) {
            boolean ip = h.matches("[0-9.]+") || h.contains(":");
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, h));
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hosts[0]).build();
        return issue(subject, validity, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /**
     * Signs a PKCS#10 request (PEM) as a vendor CA signs a provisioning server's: its subject and requested SANs, for
     * TLS server authentication, valid for {@code validity}.
     */
    public X509Certificate signRequest(String csrPem, Duration validity) {
        try (PEMParser pem = new PEMParser(new StringReader(csrPem))) {
            if (!(pem.readObject() instanceof PKCS10CertificationRequest request)) {
                throw new IllegalArgumentException("not a PEM certificate request");
            }
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(request);
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), csr.getSubject(),
                    csr.getPublicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                Extensions requested = Extensions.getInstance(a.getAttrValues().getObjectAt(0));
                Extension san = requested.getExtension(Extension.subjectAlternativeName);
                if (san != null) {
                    builder.addExtension(san);
                }
            }
            return sign(builder, key);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not sign the request: " + e.getMessage(), e);
        }
    }

    private Issued issue(X500Name subject, Duration validity, KeyPurposeId purpose, GeneralNames altNames) {
        try {
            KeyPair pair = rsa();
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject,
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate));
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            return new Issued(sign(builder, key), pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not issue a certificate: " + e.getMessage(), e);
        }
    }

    /** An issued certificate with its private key. {@link #toString()} never shows the key. */
    public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

        public String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate));
        }

        /** PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
        public String privateKeyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }

        /** A PKCS#12 key store holding the key under alias {@code device} with its chain. */
        public KeyStore keyStore(char[] password) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("device", key, password, new java.security.cert.Certificate[] {certificate, issuer});
                return ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("could not build a key store: " + e.getMessage(), e);
            }
        }

        /** A TLS client context presenting this certificate and trusting {@code serverTrust}. */
        public SSLContext clientContext(X509Certificate serverTrust) {
            try {
                char[] password = "changeit".toCharArray();
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore(password), password);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf.getKeyManagers(), trust(serverTrust).getTrustManagers(), RANDOM);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("could not build a TLS context: " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    /** A trust manager factory trusting exactly {@code ca}. */
    public static TrustManagerFactory trust(X509Certificate ca) {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build a trust store: " + e.getMessage(), e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static List<X509Certificate> parseCertificates(String pem) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (java.security.cert.Certificate c : cf.generateCertificates(
                new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate");
        }
        return out;
    }

    private static PrivateKey parsePrivateKey(String pem) throws GeneralSecurityException, IOException {
        StringBuilder b64 = new StringBuilder();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new StringReader(pem))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("-----")) {
                    b64.append(line.trim());
                }
            }
        }
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64.toString())));
    }

    @Override
    public String toString() {
        return "DeviceCa[" + certificate.getSubjectX500Principal() + "]";
    }

}
