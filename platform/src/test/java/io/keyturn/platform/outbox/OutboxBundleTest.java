package io.keyturn.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class OutboxBundleTest {

    @Test
    void unpacksWhatItPackedInOrder() {
        Random random = new Random(7);
        List<OutboxBundle.Event> events = new ArrayList<>();
        int raw = 0;
        for (int i = 0; i < 1_000; i++) {
            byte[] value = new byte[random.nextInt(2_000)];
            random.nextBytes(value);
            String key = i % 7 == 0 ? "/spa962.cfg" : String.format("%012x", random.nextLong() >>> 16);
            events.add(new OutboxBundle.Event(key, value));
            raw += key.length() + value.length;
        }
        events.add(new OutboxBundle.Event("ümlaut-κλειδί", new byte[0]));

        List<OutboxBundle.Event> back = OutboxBundle.unpack(OutboxBundle.pack(events, raw), events.size());

        assertThat(back).hasSameSizeAs(events);
        for (int i = 0; i < events.size(); i++) {
            assertThat(back.get(i).key()).isEqualTo(events.get(i).key());
            assertThat(back.get(i).value()).isEqualTo(events.get(i).value());
        }
    }

    @Test
    void shrinksEventsThatResembleEachOther() {
        List<OutboxBundle.Event> events = new ArrayList<>();
        int raw = 0;
        for (int i = 0; i < 1_000; i++) {
            String mac = String.format("03c%09x", i);
            byte[] json = ("{\"specversion\":\"1.0\",\"type\":\"keyturn.device.registered\",\"subject\":\"" + mac
                    + "\",\"data\":{\"mac\":\"" + mac + "\",\"model\":\"SPA962\",\"serial\":\"SN" + i
                    + "\",\"group\":\"bench/region" + (i % 16) + "\"}}").getBytes(StandardCharsets.UTF_8);
            events.add(new OutboxBundle.Event(mac, json));
            raw += mac.length() + json.length;
        }
        assertThat(OutboxBundle.pack(events, raw).length).isLessThan(raw / 5);
    }

    /**
     * The format is what rows already in an outbox hold: a version byte, then big-endian lengths and bytes, as one
     * zstd frame (2) or a raw deflate stream (1, what earlier versions wrote). Bundles written from that description
     * unpack, and what pack writes reads back by it.
     */
    @Test
    void readsAndWritesTheFormatAsDescribed() throws IOException {
        Random random = new Random(11);
        List<OutboxBundle.Event> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] value = new byte[random.nextInt(700)];
            random.nextBytes(value);
            events.add(new OutboxBundle.Event(String.format("%012x", random.nextLong() >>> 16), value));
        }
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(records)) {
            for (OutboxBundle.Event e : events) {
                byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                out.writeInt(e.value().length);
                out.write(e.value());
            }
        }

        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        deflated.write(OutboxBundle.FORMAT_DEFLATE);
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated,
                new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            out.write(records.toByteArray());
        }
        assertSame(OutboxBundle.unpack(deflated.toByteArray(), events.size()), events);

        byte[] frame = Zstd.compress(records.toByteArray(), 9);
        byte[] zstd = new byte[frame.length + 1];
        zstd[0] = OutboxBundle.FORMAT_ZSTD;
        System.arraycopy(frame, 0, zstd, 1, frame.length);
        assertSame(OutboxBundle.unpack(zstd, events.size()), events);

        byte[] packed = OutboxBundle.pack(events, 1);
        assertThat(packed[0]).isEqualTo(OutboxBundle.FORMAT_ZSTD);
        byte[] raw = Zstd.decompress(Arrays.copyOfRange(packed, 1, packed.length), records.size());
        assertThat(raw).isEqualTo(records.toByteArray());
    }

    @Test
    void refusesACorruptBundle() {
        List<OutboxBundle.Event> events = List.of(new OutboxBundle.Event("k", new byte[] {1, 2, 3}),
                new OutboxBundle.Event("l", new byte[] {4}));
        byte[] packed = OutboxBundle.pack(events, 6);
        for (int cut = 1; cut < packed.length; cut++) {
            byte[] truncated = Arrays.copyOf(packed, cut);
            assertThatThrownBy(() -> OutboxBundle.unpack(truncated, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("corrupt");
        }
        // A record whose length runs past the end of what the frame holds, in either format.
        byte[] raw = {0, 0, 0, 1, 'k', 0, 0, 0, 9, 1, 2, 3};
        byte[] frame = Zstd.compress(raw, 1);
        byte[] zstd = new byte[frame.length + 1];
        zstd[0] = OutboxBundle.FORMAT_ZSTD;
        System.arraycopy(frame, 0, zstd, 1, frame.length);
        assertThatThrownBy(() -> OutboxBundle.unpack(zstd, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field length 9");
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        deflater.setInput(raw);
        deflater.finish();
        byte[] out = new byte[64];
        int n = deflater.deflate(out);
        byte[] deflated = new byte[n + 1];
        deflated[0] = OutboxBundle.FORMAT_DEFLATE;
        System.arraycopy(out, 0, deflated, 1, n);
        assertThatThrownBy(() -> OutboxBundle.unpack(deflated, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field length 9");
    }

    private static void assertSame(List<OutboxBundle.Event> actual, List<OutboxBundle.Event> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).key()).isEqualTo(expected.get(i).key());
            assertThat(actual.get(i).value()).isEqualTo(expected.get(i).value());
        }
    }

    @Test
    void refusesWhatIsNotABundleOfItsFormat() {
        byte[] packed = OutboxBundle.pack(List.of(new OutboxBundle.Event("k", new byte[] {1, 2, 3})), 4);
        byte[] otherFormat = packed.clone();
        otherFormat[0] = 3;
        assertThatThrownBy(() -> OutboxBundle.unpack(otherFormat, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format");
        assertThatThrownBy(() -> OutboxBundle.unpack(new byte[0], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboxBundle.unpack(Arrays.copyOf(packed, packed.length - 3), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboxBundle.unpack(packed, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 1 events, its row says 2");
    }
}
