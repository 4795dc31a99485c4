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
    void theHeadOfAFileCarriesItsTagTypeAndLengthAndSaysWhenTheConnectionCloses() {
        String sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        String date = DeviceHttpConnection.HttpDate.now().text;
        assertThat(head(DeviceHttpConnection.OK, sha, "application/octet-stream", 24_576, true)).isIn(
                "HTTP/1.1 200 OK\r\n" + date + "Cache-Control: no-store\r\nETag: \"" + sha + "\"\r\n"
                        + "Content-Type: application/octet-stream\r\nContent-Length: 24576\r\n\r\n",
                // The second may turn between the two readings of the clock.
                "HTTP/1.1 200 OK\r\n" + DeviceHttpConnection.HttpDate.now().text + "Cache-Control: no-store\r\n"
                        + "ETag: \"" + sha + "\"\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: 24576\r\n\r\n");
        assertThat(head(DeviceHttpConnection.OK, sha, "text/plain", 0, false))
                .startsWith("HTTP/1.1 200 OK\r\nDate: ")
                .endsWith("ETag: \"" + sha + "\"\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n");
        assertThat(head(DeviceHttpConnection.NOT_MODIFIED, sha, null, -1, true))
                .startsWith("HTTP/1.1 304 Not Modified\r\nDate: ")
                .endsWith("Cache-Control: no-store\r\nETag: \"" + sha + "\"\r\n\r\n")
                .doesNotContain("Content-Length").doesNotContain("Content-Type");
        for (int length : new int[] {7, 10, 99, 1_000_000, Integer.MAX_VALUE}) {
            assertThat(head(DeviceHttpConnection.OK, sha, "x/y", length, true))
                    .contains("\r\nContent-Length: " + length + "\r\n\r\n");
        }
    }

    private static String head(byte[] statusLine, String sha, String type, int length, boolean keepAlive) {
        io.netty.buffer.ByteBuf h = DeviceHttpConnection.head(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT,
                statusLine, sha, type, length, keepAlive);
        try {
            return h.toString(java.nio.charset.StandardCharsets.US_ASCII);
        } finally {
            h.release();
        }
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
