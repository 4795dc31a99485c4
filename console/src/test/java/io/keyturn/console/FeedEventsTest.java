package io.keyturn.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FeedEventsTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:15:30Z");

    @Test
    void showsAPublishedProfileByPathAndSizeButNeverItsContent() throws Exception {
        byte[] file = new byte[48];
        System.arraycopy("Salted__".getBytes(StandardCharsets.US_ASCII), 0, file, 0, 8);
        for (int i = 8; i < file.length; i++) {
            file[i] = (byte) (i * 37);
        }
        String content = Base64.getEncoder().encodeToString(file);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        FeedEvent e = FeedEvents.of(Events.of("/keyturn/crypto-service", new ProfilePublished("/profile/abc/spa962.cfg",
                ProfileKind.CHAIN, "000e08aabbcc", 2L, 3L, Events.FP, "application/octet-stream", file.length, sha, content), AT));

        assertThat(e.type()).isEqualTo("profile.published");
        assertThat(e.topic()).isEqualTo("keyturn.profiles");
        assertThat(e.summary()).contains("chain /profile/abc/spa962.cfg", "48 bytes").doesNotContain(content)
                .doesNotContain(content.substring(0, 12));
        assertThat(e.toString()).doesNotContain(content.substring(0, 12));
    }

    @Test
    void showsAConfirmationWithItsFingerprintAndCampaign() {
        FeedEvent e = FeedEvents.of(Events.confirmed("000e08aabbcc", 4, "c-17", AT));
        assertThat(e.type()).isEqualTo("rotation.confirmed");
        assertThat(e.subject()).isEqualTo("000e08aabbcc");
        assertThat(e.campaignId()).isEqualTo("c-17");
        assertThat(e.summary()).contains("generation 4 confirmed", Events.FP.value());
        assertThat(e.isSecurity()).isFalse();
    }

    @Test
    void putsDenialsAndRetiredPathHitsOnTheSecurityListAndRateLimitsApart() {
        FeedEvent denied = FeedEvents.of(Events.denied("000e08aabbcc", DenialReason.WRONG_CLIENT_CERTIFICATE, "192.0.2.1", AT));
        FeedEvent limited = FeedEvents.of(Events.denied("000e08aabbcc", DenialReason.RATE_LIMITED, "192.0.2.1", AT));
        FeedEvent hit = FeedEvents.of(Events.retiredHit("000e08aabbcc", AT));
        FeedEvent fetch = FeedEvents.of(Events.fetched("000e08aabbcc", DeliveryProtocol.TFTP, AT));

        assertThat(denied.category()).isEqualTo(FeedEvent.SECURITY);
        assertThat(denied.summary()).contains("denied: wrong-client-certificate from 192.0.2.1");
        assertThat(limited.category()).isEqualTo(FeedEvent.RATE_LIMITED);
        assertThat(hit.category()).isEqualTo(FeedEvent.SECURITY);
        assertThat(hit.summary()).contains("retired generation 1", "192.0.2.9");
        assertThat(fetch.isSecurity()).isFalse();
        assertThat(fetch.summary()).contains("tftp /profile/d1r3ct0ry/spa962.cfg completed from 192.0.2.7");
    }

    @Test
    void filtersByDeviceInAnySpellingAndByTypePrefix() {
        FeedEvent e = FeedEvents.of(Events.confirmed("000e08aabbcc", 4, null, AT));
        assertThat(e.matches("00:0E:08:AA:BB:CC", "rotation")).isTrue();
        assertThat(e.matches("", "rotation.confirmed")).isTrue();
        assertThat(e.matches(null, null)).isTrue();
        assertThat(e.matches("000e08aabbcd", "")).isFalse();
        assertThat(e.matches("", "delivery")).isFalse();
    }
}
