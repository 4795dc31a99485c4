package io.keyturn.delivery.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the device listener reads a request target before the path rules ({@link DevicePath}) see it. */
class DeviceHttpConnectionTest {

    @Test
    void originFormIsThePathWithoutQueryOrFragment() {
        assertThat(DeviceHttpConnection.pathOf("/spa962.cfg")).isEqualTo("/spa962.cfg");
        assertThat(DeviceHttpConnection.pathOf("/profile/abc/spa962.cfg?x=1")).isEqualTo("/profile/abc/spa962.cfg");
        assertThat(DeviceHttpConnection.pathOf("/a#frag?b")).isEqualTo("/a");
        assertThat(DeviceHttpConnection.pathOf("/a?b#c")).isEqualTo("/a");
        assertThat(DeviceHttpConnection.pathOf("/q/health")).isEqualTo("/q/health");
    }

    @Test
    void absoluteFormLosesSchemeAndAuthorityOnly() {
        assertThat(DeviceHttpConnection.pathOf("http://evil.example/spa962.cfg")).isEqualTo("/spa962.cfg");
        assertThat(DeviceHttpConnection.pathOf("HTTP://h:80/profile/x/spa962.cfg?q")).isEqualTo("/profile/x/spa962.cfg");
        assertThat(DeviceHttpConnection.pathOf("http://host-only")).isEqualTo("/");
        // Not absolute form: a path that merely contains "://" stays as it is, for the path rules to refuse.
        assertThat(DeviceHttpConnection.pathOf("/x://y")).isEqualTo("/x://y");
        assertThat(DeviceHttpConnection.pathOf("*")).isEqualTo("*");
    }

    @Test
    void theDateHeaderIsAnImfFixdateOfNow() {
        String text = DeviceHttpConnection.HttpDate.now().text;
        assertThat(text).matches("Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} "
                + "\\d{2}:\\d{2}:\\d{2} GMT\r\n");
        java.time.Instant date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .parse(text.substring(6, text.length() - 2), java.time.Instant::from);
        assertThat(java.time.Duration.between(date, java.time.Instant.now()).abs())
                .isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void aTargetWithCharactersNoUriHoldsIsInvalid() {
        assertThat(DeviceHttpConnection.validTarget("/profile/abc/spa962.cfg")).isTrue();
        assertThat(DeviceHttpConnection.validTarget("/a%2e-_~!$&'()*+,;=:@/?x")).isTrue();
        for (String bad : new String[] {"", "/a\\b", "/a\"b", "/a<b", "/a>b", "/a^b", "/a`b", "/a{b", "/a|b", "/a}b",
            "/a b", "/a\tb", "/a\u0000b", "/a\u007fb", "/caf\u00e9"}) {
            assertThat(DeviceHttpConnection.validTarget(bad)).as(bad).isFalse();
        }
    }
}
