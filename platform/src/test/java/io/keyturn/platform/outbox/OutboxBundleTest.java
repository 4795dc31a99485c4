package io.keyturn.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
