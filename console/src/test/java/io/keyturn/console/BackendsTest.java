package io.keyturn.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void readsTheStrandedGaugeFromPrometheusText() {
        String text = "# HELP keyturn_devices_stranded devices\n# TYPE keyturn_devices_stranded gauge\n"
                + "keyturn_devices_stranded 0.0\nkeyturn_devices_stranded_total_other 9\n";
        assertThat(Backends.parseStranded(text)).isEqualTo(OptionalLong.of(0));
        assertThat(Backends.parseStranded("keyturn_devices_stranded{replica=\"a\"} 3.0\n")).isEqualTo(OptionalLong.of(3));
        assertThat(Backends.parseStranded("jvm_threads_live 12\n")).isEmpty();
    }

    @Test
    void encodesOnlyTheFiltersThatAreSet() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("group", "region/north west");
        q.put("model", "");
        q.put("state", null);
        q.put("limit", "500");
        assertThat(Backends.queryString(q)).isEqualTo("?group=region%2Fnorth+west&limit=500");
        assertThat(Backends.queryString(Map.of())).isEmpty();
    }

    @Test
    void normalisesMacsAsOperatorsTypeThem() {
        assertThat(Macs.normalise("00:0E:08:AA:BB:CC")).isEqualTo("000e08aabbcc");
        assertThat(Macs.normalise("000e.08aa.bbcc")).isEqualTo("000e08aabbcc");
        assertThat(Macs.isMac("000e08aabbc")).isFalse();
        assertThat(Macs.normalise(" region/north ")).isEqualTo("region/north");
    }
}
