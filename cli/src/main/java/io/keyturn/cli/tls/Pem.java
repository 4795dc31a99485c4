package io.keyturn.cli.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** PEM in and out for keys, requests and certificates, as OpenSSL and Kubernetes TLS Secrets write them. */
final class Pem {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Pem() {
    }

    static String write(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory cannot fail", e);
        }
        return text.toString();
    }

    /** The key as PKCS#8 PEM, encrypted (AES-256-CBC, PBKDF2) when a passphrase is given. */
    static String privateKey(PrivateKey key, char[] passphrase) {
        try {
            if (passphrase == null) {
                // PKCS#8 ("PRIVATE KEY"), not OpenSSL's traditional per-algorithm form: Vert.x and Java read it.
                return write(new JcaPKCS8Generator(key, null).generate());
            }
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setRandom(new SecureRandom()).setPassword(passphrase).setProvider(BC).build();
            return write(new JcaPKCS8Generator(key, encryptor).generate());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("AES-256-CBC PKCS#8 encryption is part of Bouncy Castle", e);
        }
    }

    static PrivateKey readPrivateKey(String pem, char[] passphrase, String what) {
        Object o = first(pem, what);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                if (passphrase == null) {
                    throw new TlsException(what + " is encrypted: give its passphrase with --passphrase-file");
                }
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase)));
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (PKCSException e) {
            throw new TlsException(what + " does not open with that passphrase");
        } catch (OperatorCreationException | IOException e) {
            throw new TlsException(what + " cannot be read as a private key");
        }
        throw new TlsException(what + " holds no private key");
    }

    static PKCS10CertificationRequest readRequest(String pem, String what) {
        if (first(pem, what) instanceof PKCS10CertificationRequest csr) {
            return csr;
        }
        throw new TlsException(what + " holds no certificate request");
    }

    static List<X509Certificate> readCertificates(String pem, String what) {
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    certs.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new TlsException(what + " is not PEM certificates");
        }
        if (certs.isEmpty()) {
            throw new TlsException(what + " holds no certificate");
        }
        return certs;
    }

    private static Object first(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new TlsException(what + " holds no PEM block");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            if (e instanceof TlsException t) {
                throw t;
            }
            throw new TlsException(what + " is not valid PEM");
        }
    }
}
