package io.keyturn.bench;

import io.keyturn.protocol.crypto.GzipSegmentCache;
import io.keyturn.protocol.crypto.OpenSslEnvelope;
import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.crypto.ProfileKeys;
import io.keyturn.protocol.crypto.ProfilePayload;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.protocol.profile.Parameter;
import io.keyturn.protocol.profile.UserAccess;
import io.keyturn.protocol.rule.DeviceContext;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.Resolution;
import io.keyturn.protocol.rule.Rule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
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
 * The profile pipeline crypto-service runs for every rotation, against its anchor: the bare gzip and
 * AES-256-CBC of the same bytes, producing the same files.
 *
 * <p>One {@link #pipeline} op is one rotation t→t+1 of the next device of a fleet of {@value #FLEET}
 * (each with its own station name, line-1 display name, user ID and password, so its own gzip segments
 * miss the cache as in a campaign; only the template's segments are shared): render its realistic 60 KB
 * SPA962 profile with a fresh key and directory (templates, then the device's own parameters, then the
 * managed ones, the device's part last, as crypto-service's ProfileRenderer does); gzip it once in
 * segments through a {@link GzipSegmentCache} shared by the whole run; inflate and parse that payload
 * once and check it as crypto-service's VerifiedSealer does (every managed value, and the decrypted
 * {@code Profile_Rule} evaluated for the device leads to its new path with its new key); then the two
 * files of the rotation, the steady file of t+1 under the new key and t's file re-pointed under the key
 * the device holds, each encrypted under a fresh salt, decrypted with its key and compared byte for
 * byte with the verified payload. Two files per op.
 *
 * <p>{@link #rawGzipAes} makes the same two files from one device's rendered bytes with nothing else:
 * gzip (level 9, once) and AES-256-CBC twice with keys and IVs already derived. Two files per op, so
 * the ratio of the two scores is the ratio of profile files per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProfilePipelineBenchmark {

    /** Devices in the fleet the pipeline rotates, one after the other. */
    static final int FLEET = 10_000;
    /** Files one op of either benchmark produces: a rotation's steady file and one re-pointed file. */
    public static final int FILES_PER_OP = 2;

    private static final String MAC_PREFIX = "000e08";
    private static final String PSN = "962";
    private static final String HOST = "prov.example.net";
    private static final String RULE = "[--key $A] http://" + HOST + "/profile/$B/spa" + PSN + ".cfg";

    private FlatProfile template;
    private ProfileCipher cipher;
    private ProfileCipher wholeFileCipher;
    private GzipSegmentCache segments;
    private Device[] fleet;
    private int next;
    private ProfileKey deviceKey;
    private byte[] renderedXml;
    private byte[] sealedFile;
    private Cipher rawAes;
    private SecretKeySpec[] rawKeys;
    private IvParameterSpec[] rawIvs;

    /** A device of the fleet: its MAC, its own parameters and the key it holds now. */
    private static final class Device {
        final String mac;
        final FlatProfile own;
        ProfileKey held;

        Device(String mac, FlatProfile own, ProfileKey held) {
            this.mac = mac;
            this.own = own;
            this.held = held;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        template = Spa962Profile.sample();
        segments = new GzipSegmentCache();
        cipher = new ProfileCipher(new OpenSslEnvelope(), ProfileCipher.DEFAULT_MAX_PROFILE_BYTES, segments);
        wholeFileCipher = new ProfileCipher();
        Random random = new Random(962);
        fleet = new Device[FLEET];
        for (int i = 0; i < FLEET; i++) {
            Map<String, String> own = new TreeMap<>();
            own.put("Station_Name", "Desk " + i + " " + Long.toHexString(random.nextLong()));
            own.put("Display_Name_1_", "Extension " + (1000 + i));
            own.put("User_ID_1_", Long.toString(4_165_550_000L + i));
            own.put("Password_1_", "Pw-" + Long.toHexString(random.nextLong()));
            FlatProfile.Builder b = FlatProfile.builder();
            own.forEach(b::set);
            fleet[i] = new Device(MAC_PREFIX + String.format("%06x", i), b.build(), ProfileKeys.newKey());
        }
        deviceKey = ProfileKeys.newKey();
        renderedXml = FlatProfileXml.writeBytes(render(fleet[0], ProfileKeys.newKey(), ProfileKeys.newDirectory()));
        sealedFile = cipher.seal(renderedXml, deviceKey, true);
        SecureRandom secure = new SecureRandom();
        rawKeys = new SecretKeySpec[FILES_PER_OP];
        rawIvs = new IvParameterSpec[FILES_PER_OP];
        for (int i = 0; i < FILES_PER_OP; i++) {
            byte[] key = new byte[32];
            byte[] iv = new byte[16];
            secure.nextBytes(key);
            secure.nextBytes(iv);
            rawKeys[i] = new SecretKeySpec(key, "AES");
            rawIvs[i] = new IvParameterSpec(iv);
        }
        rawAes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    }

    /** Size of the rendered profile, for the report. */
    int renderedSize() {
        return renderedXml.length;
    }

    /** The segment cache's counters, for the report. */
    GzipSegmentCache segments() {
        return segments;
    }

    /** As ProfileRenderer.chain: templates, the device's own, the managed parameters; the device's part last. */
    private FlatProfile render(Device device, ProfileKey key, String directory) {
        Map<String, String> managed = managed(key, directory);
        FlatProfile.Builder m = FlatProfile.builder();
        managed.forEach(m::set);
        m.access("GPP_A", UserAccess.HIDDEN);
        m.access("GPP_B", UserAccess.HIDDEN);
        m.access("Profile_Rule", UserAccess.HIDDEN);
        FlatProfile merged = template.apply(device.own).apply(m.build());
        List<Parameter> last = new ArrayList<>();
        for (Parameter p : device.own.parameters()) {
            last.add(merged.parameter(p.name()).orElseThrow());
        }
        for (String name : managed.keySet()) {
            last.add(merged.parameter(name).orElseThrow());
        }
        FlatProfile.Builder b = merged.toBuilder();
        last.forEach(p -> b.remove(p.name()));
        last.forEach(b::put);
        return b.build();
    }

    private static Map<String, String> managed(ProfileKey key, String directory) {
        Map<String, String> managed = new LinkedHashMap<>();
        managed.put("Profile_Rule", RULE);
        managed.put("GPP_A", key.reveal());
        managed.put("GPP_B", directory);
        managed.put("Resync_Periodic", "3600");
        managed.put("Resync_Error_Retry_Delay", "600");
        return managed;
    }

    @Benchmark
    public byte[][] pipeline() {
        Device device = fleet[next];
        next = (next + 1) % FLEET;
        ProfileKey nextKey = ProfileKeys.newKey();
        String nextDirectory = ProfileKeys.newDirectory();
        FlatProfile rendered = render(device, nextKey, nextDirectory);
        int deviceLines = device.own.size() + managed(nextKey, nextDirectory).size();
        FlatProfileXml.Written written = FlatProfileXml.writeBytes(rendered, rendered.size() - deviceLines);
        // As crypto-service: only the template's part is cached, never the device's credentials or key.
        ProfilePayload payload = cipher.payload(written.xml(), true, written.leadingLength());
        verify(FlatProfileXml.parse(cipher.open(payload)), device.mac, managed(nextKey, nextDirectory),
                "/profile/" + nextDirectory + "/spa" + PSN + ".cfg", nextKey);
        byte[][] files = new byte[FILES_PER_OP][];
        ProfileKey[] keys = {nextKey, device.held};
        for (int i = 0; i < FILES_PER_OP; i++) {
            files[i] = cipher.seal(payload, keys[i]);
            if (!cipher.carries(files[i], keys[i], payload)) {
                throw new IllegalStateException("a sealed file does not decrypt to the verified payload");
            }
        }
        device.held = nextKey;
        return files;
    }

    /** VerifiedSealer's check: every managed value came back, and the rule leads to the new path and key. */
    private static void verify(FlatProfile back, String mac, Map<String, String> managed, String path,
            ProfileKey key) {
        for (Map.Entry<String, String> e : managed.entrySet()) {
            if (!back.value(e.getKey()).map(e.getValue()::equals).orElse(false)) {
                throw new IllegalStateException("managed parameter " + e.getKey() + " differs after the round trip");
            }
        }
        DeviceContext.Builder device = DeviceContext.builder().mac(mac).productSeries(PSN).provisioningState(1)
                .clientCertificate(false);
        for (Parameter p : back.parameters()) {
            if (p.name().startsWith("GPP_") && p.value().isPresent()) {
                device.parameter(p.name(), p.value().get());
            }
        }
        Optional<Resolution> resolution = Rule.parse(back.value("Profile_Rule").orElse("")).evaluate(device.build());
        Optional<FetchTarget> target = resolution.flatMap(Resolution::target);
        if (target.isEmpty() || !target.get().path().equals(path)
                || !resolution.get().options().key().map(key.reveal()::equals).orElse(false)) {
            throw new IllegalStateException("the decrypted Profile_Rule does not lead to the new path and key");
        }
    }

    /** The steps of {@link #pipeline} one by one, to see where its time goes (not part of the ratio). */
    @Benchmark
    public byte[] stepRender() {
        return FlatProfileXml.writeBytes(render(fleet[0], deviceKey, "Dz3P2q9sVgx7LmWbvu0123"));
    }

    /** Whole-file gzip (level 9) and encryption of one file, as before segments. */
    @Benchmark
    public byte[] stepSeal() {
        return wholeFileCipher.seal(renderedXml, deviceKey, true);
    }

    /** Segmented gzip through the shared cache (every segment found) and encryption of one file. */
    @Benchmark
    public byte[] stepSealSegmented() {
        return cipher.seal(renderedXml, deviceKey, true);
    }

    @Benchmark
    public byte[] stepOpen() {
        return cipher.open(sealedFile, deviceKey);
    }

    @Benchmark
    public FlatProfile stepParse() {
        return FlatProfileXml.parse(renderedXml);
    }

    @Benchmark
    public byte[][] rawGzipAes() throws IOException, GeneralSecurityException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(renderedXml.length / 4);
        try (GZIPOutputStream gzip = new BestGzipOutputStream(compressed)) {
            gzip.write(renderedXml);
        }
        byte[] gz = compressed.toByteArray();
        byte[][] files = new byte[FILES_PER_OP][];
        for (int i = 0; i < FILES_PER_OP; i++) {
            rawAes.init(Cipher.ENCRYPT_MODE, rawKeys[i], rawIvs[i]);
            files[i] = rawAes.doFinal(gz);
        }
        return files;
    }

    /** gzip at the level the pipeline uses (9), so the anchor compresses exactly as hard. */
    private static final class BestGzipOutputStream extends GZIPOutputStream {
        BestGzipOutputStream(ByteArrayOutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
