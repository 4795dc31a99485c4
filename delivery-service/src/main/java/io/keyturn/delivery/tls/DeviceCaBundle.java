package io.keyturn.delivery.tls;

import io.keyturn.events.delivery.DenialReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The vendor client CAs delivery trusts for device certificates (spa-protocol.md §6: Sipura, Linksys, Cisco SB,
 * Cisco 2k SB, and a local stack's throw-away dev CA), each named after the file it came from.
 *
 * <p>Read from a directory of PEM files, one per CA ({@code sipura.pem}, {@code cisco-2k-sb.crt}: the name is
 * the file name without {@code .pem}/{@code .crt}; a file with several certificates gives {@code name#2}, ...),
 * and/or one bundle file. Files of other extensions and hidden files ({@code ..data} of a Kubernetes volume) are
 * skipped, so a mounted ConfigMap or Secret works as it is.
 *
 * @param cas the CAs, in name order
 */
public record DeviceCaBundle(List<TrustedCa> cas) {

    /** One trusted CA. */
    public record TrustedCa(String name, X509Certificate certificate) {
    }

    public DeviceCaBundle {
        cas = List.copyOf(cas);
    }

    /**
     * Reads the CAs of {@code file} and of the PEM files in {@code dir}.
     *
     * @throws TlsMaterialException when a file cannot be read or parsed, or there is no CA at all (an empty bundle
     *     would refuse every device; that is a configuration mistake, not a state to run in)
     */
    public static DeviceCaBundle load(Optional<Path> file, Optional<Path> dir) throws TlsMaterialException {
        List<TrustedCa> cas = new ArrayList<>();
        if (file.isPresent()) {
            cas.addAll(read(file.get(), nameOf(file.get())));
        }
        if (dir.isPresent()) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.get())) {
                for (Path p : entries) {
                    String n = p.getFileName().toString();
                    String lower = n.toLowerCase(Locale.ROOT);
                    if (!n.startsWith(".") && (lower.endsWith(".pem") || lower.endsWith(".crt"))
                            && Files.isRegularFile(p)) {
                        files.add(p);
                    }
                }
            } catch (IOException e) {
                throw new TlsMaterialException("cannot list the device CA directory " + dir.get() + ": "
                        + e.getMessage(), e);
            }
            files.sort(null);
            for (Path p : files) {
                cas.addAll(read(p, nameOf(p)));
            }
        }
        if (cas.isEmpty()) {
            throw new TlsMaterialException("no device CA certificate in " + file.map(Path::toString).orElse("")
                    + (file.isPresent() && dir.isPresent() ? " and " : "") + dir.map(Path::toString).orElse(""));
        }
        Set<String> names = new HashSet<>();
        for (TrustedCa ca : cas) {
            if (!names.add(ca.name())) {
                throw new TlsMaterialException("two device CAs are named " + ca.name());
            }
        }
        return new DeviceCaBundle(cas);
    }

    private static String nameOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static List<TrustedCa> read(Path file, String name) throws TlsMaterialException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new TlsMaterialException("cannot read the device CA file " + file + ": " + e.getMessage(), e);
        }
        List<TrustedCa> out = new ArrayList<>();
        int i = 0;
        for (Certificate c : certs) {
            i++;
            out.add(new TrustedCa(i == 1 ? name : name + "#" + i, (X509Certificate) c));
        }
        if (out.isEmpty()) {
            throw new TlsMaterialException("no certificate in the device CA file " + file);
        }
        return out;
    }

    /** The CA certificates, as sent to clients in the TLS CertificateRequest. */
    public X509Certificate[] issuers() {
        return cas.stream().map(TrustedCa::certificate).toArray(X509Certificate[]::new);
    }

    /** The JDK's PKIX trust manager over these CAs (chain building, signatures, validity, key usage). */
    X509ExtendedTrustManager pkix() throws TlsMaterialException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (TrustedCa ca : cas) {
                store.setCertificateEntry(ca.name(), ca.certificate());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsMaterialException("cannot build a trust manager for the device CAs: " + e.getMessage(), e);
        }
        throw new TlsMaterialException("the JDK offers no PKIX trust manager");
    }

    /**
     * Why a chain the PKIX check refused was refused: {@link DenialReason#EXPIRED_CERTIFICATE} if it would be
     * trusted at a moment inside the leaf's validity (so only the date is wrong), otherwise
     * {@link DenialReason#UNTRUSTED_CA}. An expired certificate from an unknown CA is untrusted: anyone can make
     * one, the date is the lesser news.
     */
    public DenialReason classify(X509Certificate[] chain, Instant now) {
        if (chain == null || chain.length == 0) {
            return DenialReason.CLIENT_CERTIFICATE_REQUIRED;
        }
        X509Certificate leaf = chain[0];
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!now.isBefore(notBefore) && !now.isAfter(notAfter)) {
            return DenialReason.UNTRUSTED_CA;
        }
        Instant inside = now.isAfter(notAfter) ? notAfter.minusSeconds(1) : notBefore.plusSeconds(1);
        return chainsAt(chain, inside) ? DenialReason.EXPIRED_CERTIFICATE : DenialReason.UNTRUSTED_CA;
    }

    private boolean chainsAt(X509Certificate[] chain, Instant at) {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (TrustedCa ca : cas) {
                anchors.add(new TrustAnchor(ca.certificate(), null));
            }
            // The client's chain without any self-signed root it sent along: the anchor stands for it.
            List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
            path.removeIf(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && path.size() > 1);
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
