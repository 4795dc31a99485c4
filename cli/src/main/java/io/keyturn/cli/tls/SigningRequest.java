package io.keyturn.cli.tls;

import java.io.IOException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A new server key and the PKCS#10 request for the vendor CA: subject {@code CN=<name>} (plus an optional
 * organisation), and the FQDN and any extra names as subjectAltName DNS entries for modern clients.
 */
public record SigningRequest(KeyPair keyPair, PKCS10CertificationRequest csr, ServerName name, List<String> dnsNames) {

    /** @throws TlsException for a CN or SAN the devices or the vendor would refuse */
    public static SigningRequest create(String commonName, List<String> sans, String organisation, ServerKeyType type) {
        ServerName name = ServerName.parse(commonName);
        Set<String> dns = new LinkedHashSet<>();
        dns.add(name.fqdn());
        for (String san : sans) {
            String host = san.toLowerCase(Locale.ROOT);
            ServerName.checkFqdn(host, "--san");
            dns.add(host);
        }
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        if (organisation != null && !organisation.isBlank()) {
            subject.addRDN(BCStyle.O, organisation);
        }
        subject.addRDN(BCStyle.CN, name.commonName());
        X500Name x500 = subject.build();
        KeyPair pair = type.generate();
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    dns.stream().map(h -> new GeneralName(GeneralName.dNSName, h)).toArray(GeneralName[]::new)));
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(x500, pair.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(new JcaContentSignerBuilder(type.signatureAlgorithm()).build(pair.getPrivate()));
            return new SigningRequest(pair, csr, name, List.copyOf(new ArrayList<>(dns)));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("building a PKCS#10 request in memory cannot fail", e);
        }
    }

    public String csrPem() {
        return Pem.write(csr);
    }

    public String privateKeyPem(char[] passphrase) {
        return Pem.privateKey(keyPair.getPrivate(), passphrase);
    }
}
