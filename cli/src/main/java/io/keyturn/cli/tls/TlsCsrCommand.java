package io.keyturn.cli.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keyturn tls csr}: a new server key and the request to send to the devices' vendor CA. */
@Command(name = "csr", mixinStandardHelpOptions = true,
        description = {"Make the provisioning server's private key (server.key, mode 0600) and a PKCS#10 request",
            "(server.csr) whose subject the SPA units accept: CN = the server's FQDN, optionally followed by",
            "/anything; no wildcard (the vendor CA does not sign one)."})
final class TlsCsrCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cn", required = true, paramLabel = "NAME",
            description = "The server's FQDN as the devices resolve it, e.g. prov.example.net (or prov.example.net/mailto:ops@example.net).")
    String commonName;

    @Option(names = "--san", paramLabel = "DNS", description = "An extra DNS name for other clients; repeatable.")
    List<String> sans = new ArrayList<>();

    @Option(names = "--org", paramLabel = "NAME", description = "Your organisation, as the subject's O (optional).")
    String organisation;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "rsa2048",
            description = "rsa2048 (default: what the units' old TLS stacks expect), rsa4096 or ec-p256.")
    String keyType;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Encrypt server.key (AES-256, PBKDF2) with the passphrase on this file's first line.")
    Path passphraseFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where server.key and server.csr go.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ServerKeyType type = ServerKeyType.fromOption(keyType);
        char[] passphrase = SecretFiles.passphrase(passphraseFile);
        Path keyFile = out.resolve("server.key");
        Path csrFile = out.resolve("server.csr");
        SecretFiles.refuseExisting(keyFile, csrFile);
        SigningRequest request = SigningRequest.create(commonName, sans, organisation, type);
        SecretFiles.write(keyFile, request.privateKeyPem(passphrase), true);
        SecretFiles.write(csrFile, request.csrPem(), false);
        var w = spec.commandLine().getOut();
        w.println("wrote " + keyFile + " (" + type.option() + (passphrase == null ? ", unencrypted" : ", encrypted")
                + ", mode 0600: keep it on this machine)");
        w.println("wrote " + csrFile + " for CN=" + request.name().commonName() + ", DNS " + String.join(", ", request.dnsNames()));
        w.println("next: send server.csr (never server.key) to the device vendor's CA: Cisco signs for the Sipura CA");
        w.println("  (PAP2T, WRP400, SPA2102/3102, SPA9xx), the Linksys CA (PAP2, WRTP, RTP) and the Cisco SB / 2k SB CAs");
        w.println("  (newer models). Then: keyturn tls install --cert CERT --chain CHAIN --key " + keyFile + " --csr " + csrFile);
        w.flush();
        return 0;
    }
}
