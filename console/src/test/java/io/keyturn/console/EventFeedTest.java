package io.keyturn.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DenialReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFeedTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");
    private final EventFeed feed = new EventFeed(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void keepsEachDevicesNewestFetchesFirstAndBounded() {
        for (int i = 0; i < EventFeed.FETCHES_PER_DEVICE + 10; i++) {
            feed.accept(Events.fetched("000e08aabbcc", DeliveryProtocol.HTTP, NOW.minusSeconds(100 - i)));
        }
        feed.accept(Events.fetched("000e08000001", DeliveryProtocol.TFTP, NOW));

        List<EventFeed.Fetch> log = feed.fetches("000e08aabbcc");
        assertThat(log).hasSize(EventFeed.FETCHES_PER_DEVICE);
        assertThat(log.get(0).at()).isEqualTo(NOW.minusSeconds(100 - EventFeed.FETCHES_PER_DEVICE - 9));
        assertThat(log.get(0).userAgent()).startsWith("Cisco/SPA962");
        assertThat(log.get(0).result()).isEqualTo("completed");
        assertThat(feed.fetches("000e08ffffff")).isEmpty();
    }

    @Test
    void countsFetchesPerMinuteByProtocolIncludingEmptyMinutes() {
        feed.accept(Events.fetched("000e08aabbcc", DeliveryProtocol.HTTP, NOW));
        feed.accept(Events.fetched("000e08aabbcc", DeliveryProtocol.HTTP, NOW.minusSeconds(5)));
        feed.accept(Events.fetched("000e08aabbcc", DeliveryProtocol.TFTP, NOW.minusSeconds(120)));

        List<EventFeed.Minute> minutes = feed.fetchesPerMinute();
        assertThat(minutes).hasSize(EventFeed.MINUTES + 1);
        EventFeed.Minute current = minutes.get(minutes.size() - 1);
        assertThat(current.label()).isEqualTo("10:15");
        assertThat(current.count("http")).isEqualTo(2);
        assertThat(current.total()).isEqualTo(2);
        assertThat(minutes.get(minutes.size() - 3).count("tftp")).isEqualTo(1);
        assertThat(minutes.get(0).total()).isZero();
        assertThat(feed.protocols()).containsExactly("http", "tftp");
    }

    @Test
    void ranksRateLimitedSourcesByHowOftenTheyWereRefused() {
        feed.accept(Events.denied("000e08aabbcc", DenialReason.RATE_LIMITED, "192.0.2.1", NOW.minusSeconds(9)));
        feed.accept(Events.denied("000e08aabbcc", DenialReason.RATE_LIMITED, "192.0.2.2", NOW.minusSeconds(8)));
        feed.accept(Events.denied("000e08aabbcc", DenialReason.RATE_LIMITED, "192.0.2.2", NOW.minusSeconds(7)));
        feed.accept(Events.denied("000e08aabbcc", DenialReason.NOT_FOUND, "192.0.2.3", NOW));

        assertThat(feed.limitedSources()).extracting(EventFeed.LimitedSource::source, EventFeed.LimitedSource::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("192.0.2.2", 2L),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.1", 1L));
        assertThat(feed.limitedSources().get(0).lastAt()).isEqualTo(NOW.minusSeconds(7));
        assertThat(feed.security(10)).hasSize(4);
    }

    @Test
    void listsRecentEventsNewestFirstThroughTheFilterAndPushesThemLive() {
        List<FeedEvent> pushed = new ArrayList<>();
        feed.live().subscribe().with(pushed::add);
        feed.accept(Events.confirmed("000e08aabbcc", 2, null, NOW.minusSeconds(2)));
        feed.accept(Events.fetched("000e08aabbcc", DeliveryProtocol.HTTP, NOW.minusSeconds(1)));
        feed.accept(Events.confirmed("000e08000001", 3, null, NOW));

        assertThat(feed.recent("", "", 10)).extracting(FeedEvent::type)
                .containsExactly("rotation.confirmed", "delivery.fetched", "rotation.confirmed");
        assertThat(feed.recent("000e08aabbcc", "rotation", 10)).extracting(FeedEvent::subject).containsExactly("000e08aabbcc");
        assertThat(feed.recent("", "", 1)).hasSize(1);
        assertThat(pushed).hasSize(3);
    }

    @Test
    void forgetsTheOldestEventsBeyondItsBound() {
        for (int i = 0; i < EventFeed.RECENT + 5; i++) {
            feed.accept(Events.confirmed("000e08aabbcc", i + 1, null, NOW));
        }
        assertThat(feed.recent("", "", EventFeed.RECENT + 5)).hasSize(EventFeed.RECENT);
    }
}
