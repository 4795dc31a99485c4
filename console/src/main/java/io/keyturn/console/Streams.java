package io.keyturn.console;

import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;

/**
 * Server-sent events for the pages (htmx's SSE extension swaps them in): rendered rows for the Events and
 * Security lists, and "something changed" signals, at most one a second, for panels that reload themselves (a
 * campaign's also every few seconds without one).
 */
@Path("/stream")
public class Streams {

    private static final Duration SIGNAL_EVERY = Duration.ofSeconds(1);
    /**
     * A campaign page also reloads its progress this often without any event: what changes a campaign's state
     * without an event of its own (the tick that completes it once the last confirmation is counted, a stop rule, an
     * operator's pause elsewhere) would otherwise stay off the page. CI once saw the page keep "running: waiting for
     * 1 devices to confirm" beside 12 of 12 confirmed for four minutes: the last confirmation's signal had reloaded
     * the panel before the scheduler's tick completed the campaign, and no event came after it.
     */
    static final Duration CAMPAIGN_REFRESH = Duration.ofSeconds(5);

    @Inject
    Session session;

    @Inject
    EventFeed feed;

    @Inject
    Template eventRow;

    @GET
    @Blocking
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@QueryParam("device") String device, @QueryParam("type") String type,
            @Context Sse sse) {
        if (!session.signedIn()) {
            return Multi.createFrom().empty();
        }
        return feed.live().filter(e -> e.matches(device, type))
                .map(e -> sse.newEventBuilder().name("event").data(row(e)).build());
    }

    @GET
    @Blocking
    @Path("security")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> security(@Context Sse sse) {
        if (!session.signedIn()) {
            return Multi.createFrom().empty();
        }
        return feed.live().filter(FeedEvent::isSecurity)
                .map(e -> sse.newEventBuilder().name("security").data(row(e)).build());
    }

    @GET
    @Blocking
    @Path("campaigns/{id}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> campaign(@PathParam("id") String id, @Context Sse sse) {
        if (!session.signedIn()) {
            return Multi.createFrom().empty();
        }
        Multi<OutboundSseEvent> heartbeat = Multi.createFrom().ticks().startingAfter(CAMPAIGN_REFRESH)
                .every(CAMPAIGN_REFRESH).map(t -> sse.newEventBuilder().name("progress").data("0").build());
        return Multi.createBy().merging().streams(
                signals(sse, feed.live().filter(e -> id.equals(e.campaignId())), "progress"), heartbeat);
    }

    @GET
    @Blocking
    @Path("fleet")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> fleet(@Context Sse sse) {
        if (!session.signedIn()) {
            return Multi.createFrom().empty();
        }
        return signals(sse, feed.live().filter(e -> e.type().equals("delivery.fetched")), "fetches");
    }

    private static Multi<OutboundSseEvent> signals(Sse sse, Multi<FeedEvent> source, String name) {
        return source.group().intoLists().every(SIGNAL_EVERY).filter(l -> !l.isEmpty())
                .map(List::size)
                .map(n -> sse.newEventBuilder().name(name).data(Integer.toString(n)).build());
    }

    private String row(FeedEvent e) {
        // One line: an SSE data field ends at a newline.
        return eventRow.data("e", e).render().replace('\n', ' ');
    }
}
