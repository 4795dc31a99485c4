package io.keyturn.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
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
     * The format is what rows already in an outbox hold: a raw deflate stream of big-endian lengths and bytes. A
     * stream reader and writer written from that description agree with pack and unpack both ways.
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

        ByteArrayOutputStream described = new ByteArrayOutputStream();
        described.write(OutboxBundle.FORMAT);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(described,
                new Deflater(Deflater.DEFAULT_COMPRESSION, true)))) {
            for (OutboxBundle.Event e : events) {
                byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                out.writeInt(e.value().length);
                out.write(e.value());
            }
        }
        assertSame(OutboxBundle.unpack(described.toByteArray(), events.size()), events);

        byte[] packed = OutboxBundle.pack(events, 1);
        assertThat(packed[0]).isEqualTo(OutboxBundle.FORMAT);
        List<OutboxBundle.Event> read = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(
                new ByteArrayInputStream(packed, 1, packed.length - 1), new Inflater(true)))) {
            for (int i = 0; i < events.size(); i++) {
                String key = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                read.add(new OutboxBundle.Event(key, in.readNBytes(in.readInt())));
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        assertSame(read, events);
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
        // A record whose length runs past the end of what the stream holds.
        byte[] lying = OutboxBundle.pack(List.of(new OutboxBundle.Event("k", new byte[] {1, 2, 3})), 4);
        byte[] raw = {0, 0, 0, 1, 'k', 0, 0, 0, 9, 1, 2, 3};
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        deflater.setInput(raw);
        deflater.finish();
        byte[] out = new byte[64];
        int n = deflater.deflate(out);
        byte[] bundle = new byte[n + 1];
        bundle[0] = lying[0];
        System.arraycopy(out, 0, bundle, 1, n);
        assertThatThrownBy(() -> OutboxBundle.unpack(bundle, 1)).isInstanceOf(IllegalArgumentException.class)
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
        otherFormat[0] = 2;
        assertThatThrownBy(() -> OutboxBundle.unpack(otherFormat, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format");
        assertThatThrownBy(() -> OutboxBundle.unpack(new byte[0], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboxBundle.unpack(Arrays.copyOf(packed, packed.length - 3), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboxBundle.unpack(packed, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 1 events, its row says 2");
    }
}
