package io.keyturn.delivery.tls;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * The server certificate chain and its private key, as read from the PEM files. Loading checks that the key belongs
 * to the leaf certificate: a half-written pair (the certificate replaced, its key not yet) must never be served.
 * {@link #toString()} names the certificate only.
 *
 * @param key the private key
 * @param chain the leaf first
 */
public record ServerIdentity(PrivateKey key, List<X509Certificate> chain) {

    private static final List<String> KEY_TYPES = List.of("RSA", "EC", "EdDSA", "Ed25519", "RSASSA-PSS");

    public ServerIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a server identity needs a certificate");
        }
    }

    /** The server certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Reads {@code certFile} (leaf first, then its chain) and {@code keyFile} (PKCS#8, PKCS#1 or SEC1 PEM). */
    public static ServerIdentity load(Vertx vertx, Path certFile, Path keyFile) throws TlsMaterialException {
        KeyManagerFactory factory;
        try {
            factory = new PemKeyCertOptions().setCertPath(certFile.toString()).setKeyPath(keyFile.toString())
                    .getKeyManagerFactory(vertx);
        } catch (Exception e) {
            // Vert.x's messages name the file and the PEM problem, never key material.
            throw new TlsMaterialException("cannot read the server certificate " + certFile + " and key " + keyFile
                    + ": " + e.getMessage(), e);
        }
        for (KeyManager manager : factory.getKeyManagers()) {
            if (manager instanceof X509KeyManager km) {
                for (String type : KEY_TYPES) {
                    String[] aliases = km.getServerAliases(type, null);
                    if (aliases == null) {
                        continue;
                    }
                    for (String alias : aliases) {
                        X509Certificate[] chain = km.getCertificateChain(alias);
                        PrivateKey key = km.getPrivateKey(alias);
                        if (chain != null && chain.length > 0 && key != null) {
                            ServerIdentity identity = new ServerIdentity(key, List.of(chain));
                            identity.checkKeyMatches(certFile, keyFile);
                            return identity;
                        }
                    }
                }
            }
        }
        throw new TlsMaterialException("no certificate with a private key in " + certFile + " and " + keyFile);
    }

    private void checkKeyMatches(Path certFile, Path keyFile) throws TlsMaterialException {
        byte[] probe = "keyturn: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519" -> "Ed25519";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> throw new TlsMaterialException("unsupported server key type " + key.getAlgorithm());
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            signer.initVerify(leaf().getPublicKey());
            signer.update(probe);
            if (signer.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // A key of another type than the certificate's: reported below, the same as a different key.
        }
        throw new TlsMaterialException("the key " + keyFile + " does not belong to the certificate " + certFile
                + " (" + leaf().getSubjectX500Principal() + ")");
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + leaf().getSubjectX500Principal() + ", serial "
                + leaf().getSerialNumber().toString(16) + ", chain of " + chain.size() + "]";
    }
}
