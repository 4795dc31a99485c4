package io.keyturn.bench;

import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.crypto.ProfileKeys;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The profile pipeline crypto-service runs for every file it publishes, against its anchor: the bare
 * gzip and AES-256-CBC of the same bytes with the key and IV already derived.
 *
 * <p>{@link #pipeline} does what a rotation does: set the managed parameters (a fresh key and directory),
 * render the XML, gzip, encrypt under a fresh salt, then decrypt with the device's key, inflate, parse, and
 * check the managed values came back. {@link #rawGzipAes} only compresses and encrypts the rendered bytes;
 * the ratio of the two says what the safety (verify before publish) and the format cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProfilePipelineBenchmark {

    private FlatProfile template;
    private ProfileCipher cipher;
    private ProfileKey deviceKey;
    private byte[] renderedXml;
    private Cipher rawAes;
    private SecretKeySpec rawKey;
    private IvParameterSpec rawIv;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        template = Spa962Profile.sample();
        cipher = new ProfileCipher();
        deviceKey = ProfileKeys.newKey();
        renderedXml = FlatProfileXml.writeBytes(withManagedValues(ProfileKeys.newKey(), ProfileKeys.newDirectory()));
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        byte[] iv = new byte[16];
        random.nextBytes(key);
        random.nextBytes(iv);
        rawKey = new SecretKeySpec(key, "AES");
        rawIv = new IvParameterSpec(iv);
        rawAes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    }

    /** Size of the rendered profile, for the report. */
    int renderedSize() {
        return renderedXml.length;
    }

    private FlatProfile withManagedValues(ProfileKey nextKey, String nextDirectory) {
        return template.toBuilder()
                .set("GPP_A", nextKey.reveal())
                .set("GPP_B", nextDirectory)
                .build();
    }

    @Benchmark
    public byte[] pipeline() {
        ProfileKey nextKey = ProfileKeys.newKey();
        String nextDirectory = ProfileKeys.newDirectory();
        byte[] xml = FlatProfileXml.writeBytes(withManagedValues(nextKey, nextDirectory));
        byte[] file = cipher.seal(xml, deviceKey, true);
        FlatProfile check = FlatProfileXml.parse(cipher.open(file, deviceKey));
        if (!nextKey.reveal().equals(check.value("GPP_A").orElse(null))
                || !nextDirectory.equals(check.value("GPP_B").orElse(null))) {
            throw new IllegalStateException("the sealed profile does not carry the managed values");
        }
        return file;
    }

    @Benchmark
    public byte[] rawGzipAes() throws IOException, GeneralSecurityException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(renderedXml.length / 4);
        try (GZIPOutputStream gzip = new BestGzipOutputStream(compressed)) {
            gzip.write(renderedXml);
        }
        rawAes.init(Cipher.ENCRYPT_MODE, rawKey, rawIv);
        return rawAes.doFinal(compressed.toByteArray());
    }

    /** gzip at the level the pipeline uses (9), so the anchor compresses exactly as hard. */
    private static final class BestGzipOutputStream extends GZIPOutputStream {
        BestGzipOutputStream(ByteArrayOutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
