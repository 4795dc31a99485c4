package io.keyturn.console;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DenialReason;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the console remembers of the event topics, in memory and bounded: the recent events, each device's recent
 * fetches, fetches per minute by protocol, the security events and the rate-limited sources. It is rebuilt from
 * the topics at start (the consumer seeks back {@code keyturn.console.events.replay}), so nothing here needs a
 * database; the services stay the authority for every number they own.
 */
public final class EventFeed {

    /** One completed (or aborted) fetch as a device's fetch log shows it. */
    @TemplateData
    public record Fetch(Instant at, String protocol, String path, String kind, Long generation, String source,
            String userAgent, String result) {
    }

    /** A source address the rate limit refused, how often, and when last. */
    @TemplateData
    public record LimitedSource(String source, long count, Instant lastAt) {
    }

    /** Fetches in one minute, by protocol. */
    @TemplateData
    public record Minute(Instant start, Map<String, Integer> byProtocol) {
        /** hh:mm in UTC. */
        public String label() {
            return start.toString().substring(11, 16);
        }

        public int count(String protocol) {
            return byProtocol.getOrDefault(protocol, 0);
        }

        public int total() {
            return byProtocol.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    static final int RECENT = 2000;
    static final int SECURITY = 500;
    static final int FETCHES_PER_DEVICE = 25;
    static final int DEVICES_WITH_FETCHES = 20_000;
    static final int MINUTES = 10;

    private final Clock clock;
    private final Deque<FeedEvent> recent = new ArrayDeque<>();
    private final Deque<FeedEvent> security = new ArrayDeque<>();
    private final Map<String, Deque<Fetch>> fetches = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Fetch>> eldest) {
            return size() > DEVICES_WITH_FETCHES;
        }
    };
    private final TreeMap<Long, Map<String, Integer>> perMinute = new TreeMap<>();
    private final Map<String, LimitedSource> limited = new HashMap<>();
    private final BroadcastProcessor<FeedEvent> live = BroadcastProcessor.create();

    public EventFeed(Clock clock) {
        this.clock = clock;
    }

    /** Takes one decoded event in; called by the consumer thread (and by tests). */
    public void accept(CloudEvent<?> event) {
        FeedEvent line = FeedEvents.of(event);
        synchronized (this) {
            push(recent, line, RECENT);
            if (line.isSecurity()) {
                push(security, line, SECURITY);
            }
            if (event.data() instanceof DeliveryFetched f) {
                if (f.mac() != null) {
                    Deque<Fetch> log = fetches.computeIfAbsent(f.mac(), m -> new ArrayDeque<>());
                    push(log, new Fetch(f.fetchedAt(), f.protocol().code(), f.path(), f.kind().code(), f.generation(),
                            f.sourceAddress(), f.userAgent(), f.result().code()), FETCHES_PER_DEVICE);
                }
                long minute = f.fetchedAt().getEpochSecond() / 60;
                perMinute.computeIfAbsent(minute, m -> new TreeMap<>()).merge(f.protocol().code(), 1, Integer::sum);
                while (perMinute.size() > MINUTES + 1) {
                    perMinute.pollFirstEntry();
                }
            }
            if (event.data() instanceof DeliveryDenied d && d.reason() == DenialReason.RATE_LIMITED) {
                String source = d.sourceAddress() == null ? "unknown" : d.sourceAddress();
                limited.merge(source, new LimitedSource(source, 1, d.deniedAt()),
                        (a, b) -> new LimitedSource(source, a.count() + 1, later(a.lastAt(), b.lastAt())));
            }
        }
        live.onNext(line);
    }

    /** Every event from now on, for the server-sent event streams. */
    public Multi<FeedEvent> live() {
        return live;
    }

    /** The newest events first, at most {@code limit}, that pass the filter. */
    public synchronized List<FeedEvent> recent(String device, String typePrefix, int limit) {
        List<FeedEvent> out = new ArrayList<>();
        for (var it = recent.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            FeedEvent e = it.next();
            if (e.matches(device, typePrefix)) {
                out.add(e);
            }
        }
        return out;
    }

    public synchronized List<FeedEvent> security(int limit) {
        List<FeedEvent> out = new ArrayList<>();
        for (var it = security.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            out.add(it.next());
        }
        return out;
    }

    /** The device's fetches, newest first. */
    public synchronized List<Fetch> fetches(String mac) {
        Deque<Fetch> log = fetches.get(mac);
        if (log == null) {
            return List.of();
        }
        List<Fetch> out = new ArrayList<>(log);
        out.sort(Comparator.comparing(Fetch::at).reversed());
        return out;
    }

    /** The last {@link #MINUTES} whole minutes and the current one, oldest first, empty minutes included. */
    public synchronized List<Minute> fetchesPerMinute() {
        long now = clock.instant().getEpochSecond() / 60;
        List<Minute> out = new ArrayList<>();
        for (long m = now - MINUTES; m <= now; m++) {
            out.add(new Minute(Instant.ofEpochSecond(m * 60), Map.copyOf(perMinute.getOrDefault(m, Map.of()))));
        }
        return out;
    }

    /** The protocols seen in {@link #fetchesPerMinute()}, sorted, for the chart's series. */
    public synchronized List<String> protocols() {
        TreeSet<String> all = new TreeSet<>();
        perMinute.values().forEach(m -> all.addAll(m.keySet()));
        return List.copyOf(all);
    }

    /** Rate-limited sources, most refused first. */
    public synchronized List<LimitedSource> limitedSources() {
        return limited.values().stream()
                .sorted(Comparator.comparingLong(LimitedSource::count).reversed().thenComparing(LimitedSource::source))
                .toList();
    }

    /** How far back the replay reaches, for the pages to say so. */
    public static String windowNote(Duration replay) {
        return "events of the last " + replay.toMinutes() + " minutes and since";
    }

    private static <T> void push(Deque<T> deque, T item, int max) {
        deque.addLast(item);
        while (deque.size() > max) {
            deque.removeFirst();
        }
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
