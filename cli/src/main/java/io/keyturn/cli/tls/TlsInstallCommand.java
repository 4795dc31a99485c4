package io.keyturn.cli.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keyturn tls install}: checks the certificate the vendor CA returned, then hands it to delivery-service. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Check a server certificate against its key (and CSR), its chain, the delivery host and its",
            "dates, then install it: as tls.crt and tls.key in a directory delivery-service reads (the local stack's",
            ".keyturn/tls), or as a merge patch for the Kubernetes Secret delivery-service-tls:",
            "  kubectl -n keyturn patch secret delivery-service-tls --type merge -p \"$(keyturn tls install ... --kubernetes-patch)\""})
final class TlsInstallCommand implements Callable<Integer> {

    /** The Secret keys of deploy/base/delivery-service/12-Secret-delivery-service-tls.yaml, and the file names. */
    static final String CERT_NAME = "tls.crt";
    static final String KEY_NAME = "tls.key";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cert", required = true, paramLabel = "FILE", description = "The server certificate (PEM), optionally followed by its chain.")
    Path cert;

    @Option(names = "--chain", paramLabel = "FILE", description = "The CA certificates that signed it (PEM), leaf-most first.")
    Path chain;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Its private key (PEM, from keyturn tls csr).")
    Path key;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "The key's passphrase, if it is encrypted.")
    Path passphraseFile;

    @Option(names = "--csr", paramLabel = "FILE", description = "The request it answers, to check they match.")
    Path csr;

    @Option(names = "--host", paramLabel = "FQDN",
            description = "The name devices use for delivery (KEYTURN_CRYPTO_PROVISIONING_HOST); the CN must match it.")
    String host;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--to", paramLabel = "DIR", description = "Write tls.crt and tls.key here (mode 0600 for the key).")
        Path dir;

        @Option(names = "--kubernetes-patch", description = "Print a JSON merge patch for the delivery-service-tls Secret.")
        boolean kubernetesPatch;
    }

    @Override
    public Integer call() throws Exception {
        ServerCertificate checked = ServerCertificate.check(read(cert), chain == null ? "" : read(chain), read(key),
                SecretFiles.passphrase(passphraseFile), csr == null ? Optional.empty() : Optional.of(read(csr)),
                Optional.ofNullable(host), Clock.systemUTC().instant());
        var err = spec.commandLine().getErr();
        checked.warnings().forEach(w -> err.println("keyturn: warning: " + w));
        err.flush();
        var out = spec.commandLine().getOut();
        if (target.kubernetesPatch) {
            Base64.Encoder b64 = Base64.getEncoder();
            out.println("{\"data\":{\"" + CERT_NAME + "\":\"" + b64.encodeToString(checked.chainPem().getBytes(StandardCharsets.US_ASCII))
                    + "\",\"" + KEY_NAME + "\":\"" + b64.encodeToString(checked.keyPem().getBytes(StandardCharsets.US_ASCII)) + "\"}}");
        } else {
            // The key first: a reader that sees the new certificate must find its key already there.
            SecretFiles.write(target.dir.resolve(KEY_NAME), checked.keyPem(), true);
            SecretFiles.write(target.dir.resolve(CERT_NAME), checked.chainPem(), false);
            out.println("installed the certificate for " + checked.name().fqdn() + " in " + target.dir + " (valid "
                    + checked.daysLeft(Clock.systemUTC().instant()) + " more days, chain of " + checked.chain().size() + ")");
        }
        out.flush();
        return 0;
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }
}
