package io.keyturn.delivery.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceAnswersTest {

    /** A SHA-256 as the store keeps it: 64 lowercase hex digits. */
    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void theEntityTagIsTheDigestInQuotes() {
        assertThat(DeviceAnswers.etag(SHA)).isEqualTo("\"" + SHA + "\"");
        assertThat(DeviceAnswers.matchesEtag(DeviceAnswers.etag(SHA), SHA)).isTrue();
    }

    @Test
    void onlyTheExactTagMatches() {
        assertThat(DeviceAnswers.matchesEtag(null, SHA)).isFalse();
        assertThat(DeviceAnswers.matchesEtag(SHA, SHA)).as("unquoted").isFalse();
        assertThat(DeviceAnswers.matchesEtag("W/\"" + SHA + "\"", SHA)).as("weak").isFalse();
        assertThat(DeviceAnswers.matchesEtag("\"" + SHA.substring(1) + "0\"", SHA)).isFalse();
        assertThat(DeviceAnswers.matchesEtag("'" + SHA + "'", SHA)).isFalse();
        assertThat(DeviceAnswers.matchesEtag("\"" + SHA + "\", \"x\"", SHA)).as("a list").isFalse();
        assertThat(DeviceAnswers.matchesEtag("\"\"", "")).isTrue();
    }

    @Test
    void repliesCarryTheirHttpStatus() {
        assertThat(DeviceAnswers.Reply.CONTENT.status()).isEqualTo(200);
        assertThat(DeviceAnswers.Reply.NOT_MODIFIED.status()).isEqualTo(304);
        assertThat(DeviceAnswers.Reply.NOT_FOUND.status()).isEqualTo(404);
        assertThat(DeviceAnswers.Reply.TOO_MANY.status()).isEqualTo(429);
        assertThat(DeviceAnswers.Reply.UNAVAILABLE.status()).isEqualTo(503);
    }
}
