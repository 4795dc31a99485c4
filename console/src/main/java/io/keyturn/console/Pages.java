package io.keyturn.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Fleet, Device, Security and Events: read pages over the services and the event feed, plus device actions. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class Pages {

    static final int FLEET_SAMPLE = 2000;

    @Inject
    Session session;

    @Inject
    Backends backends;

    @Inject
    EventFeed feed;

    @Inject
    ConsoleConfig config;

    @Inject
    Template fleet;

    @Inject
    Template device;

    @Inject
    Template security;

    @Inject
    Template events;

    @Inject
    Template rates;

    @GET
    public Response fleet(@QueryParam("q") String q, @QueryParam("group") String group, @QueryParam("model") String model,
            @QueryParam("state") String state) {
        if (!session.signedIn()) {
            return signIn();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (q != null) {
            String s = q.strip();
            if (s.isEmpty()) {
                errors.put("q", "Type a MAC (e.g. 000e08aabbcc), a serial or a group to search.");
            } else if (Macs.isMac(s)) {
                return Response.seeOther(URI.create("/devices/" + Macs.normalise(s))).build();
            } else if (s.contains("/") || s.matches("[a-z][A-Za-z0-9._-]*")) {
                group = s;
            } else {
                // Serials are upper-case letters and digits; the registry lists by group, so scan the sample for it.
                q = s;
            }
        }
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("group", group);
        filter.put("model", model);
        filter.put("state", state);
        FleetSummary summary;
        List<Map<String, Object>> listed = new ArrayList<>();
        String problem = null;
        long overdue = 0;
        boolean overdueMore = false;
        try {
            List<JsonNode> devices = sample(filter);
            summary = FleetSummary.of(devices, devices.size() >= FLEET_SAMPLE);
            String serial = q != null && errors.isEmpty() && !Macs.isMac(q) && group == null ? q : null;
            for (JsonNode d : devices) {
                if (serial == null || serial.equalsIgnoreCase(d.path("serial").asText())) {
                    if (listed.size() < 100) {
                        listed.add(Backends.asMap(d));
                    }
                }
            }
            if (serial != null && listed.size() == 1) {
                return Response.seeOther(URI.create("/devices/" + listed.get(0).get("mac"))).build();
            }
            if (serial != null && listed.isEmpty()) {
                errors.put("q", "No device with serial " + serial + " among the devices listed.");
            }
            Map<String, String> late = new LinkedHashMap<>(filter);
            late.put("unconfirmedFor", config.unconfirmedThreshold().toString());
            late.put("limit", "500");
            JsonNode page = backends.devices(session.token(), late);
            overdue = page.path("items").size();
            overdueMore = page.hasNonNull("nextCursor") && !page.path("nextCursor").asText().isEmpty();
        } catch (BackendException e) {
            summary = FleetSummary.of(List.of(), false);
            problem = e.getMessage();
        }
        OptionalLong stranded = backends.stranded();
        TemplateInstance t = base(fleet, "fleet").data("summary", summary).data("devices", listed)
                .data("q", q == null ? "" : q).data("group", group == null ? "" : group)
                .data("model", model == null ? "" : model).data("state", state == null ? "" : state)
                .data("errors", errors).data("problem", problem).data("overdue", overdue).data("overdueMore", overdueMore)
                .data("threshold", config.unconfirmedThreshold().toHours() + " h")
                .data("stranded", stranded.isPresent() ? stranded.getAsLong() : -1)
                .data("minutes", feed.fetchesPerMinute()).data("protocols", feed.protocols());
        return Response.status(errors.isEmpty() ? 200 : 400).entity(t.render()).build();
    }

    /** The fetch-rate panel alone, which the Fleet page reloads when the feed says fetches arrived. */
    @GET
    @Path("fleet/fetches")
    public Response fetchRates() {
        if (!session.signedIn()) {
            return signIn();
        }
        return Response.ok(rates.data("minutes", feed.fetchesPerMinute())
                .data("protocols", feed.protocols()).render()).build();
    }

    @GET
    @Path("devices/{mac}")
    public Response device(@PathParam("mac") String mac) {
        return devicePage(mac, null, null, Map.of(), 200);
    }

    @POST
    @Path("devices/{mac}/actions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deviceAction(@PathParam("mac") String mac, @FormParam("action") String action,
            @FormParam("confirmMac") String confirmMac, @FormParam("reason") String reason) {
        if (!session.signedIn()) {
            return signIn();
        }
        String m = Macs.normalise(mac);
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            switch (action == null ? "" : action) {
                case "rotate" -> backends.rotate(session.token(), m);
                case "rearm" -> backends.rearmBootstrap(session.token(), m);
                case "decommission" -> {
                    if (confirmMac == null || !m.equals(Macs.normalise(confirmMac))) {
                        errors.put("confirmMac", "Type this device's MAC (" + m + ") to confirm.");
                    }
                    if (reason == null || reason.isBlank() || reason.length() > 500
                            || reason.chars().anyMatch(Character::isISOControl)) {
                        errors.put("reason", "Say why, in at most 500 characters on one line.");
                    }
                    if (errors.isEmpty()) {
                        backends.decommission(session.token(), m, reason.strip());
                    }
                }
                default -> errors.put("action", "Unknown action.");
            }
        } catch (BackendException e) {
            return devicePage(m, null, e.getMessage(), errors, e.status() == 403 ? 403 : 409);
        }
        if (!errors.isEmpty()) {
            return devicePage(m, null, null, errors, 400);
        }
        return devicePage(m, switch (action) {
            case "rotate" -> "Rotation requested: the chain below gains a generation once crypto-service issues it.";
            case "rearm" -> "Bootstrap re-armed.";
            default -> "Decommissioned; its keys are shredded downstream.";
        }, null, errors, 200);
    }

    private Response devicePage(String mac, String notice, String actionProblem, Map<String, String> errors, int status) {
        if (!session.signedIn()) {
            return signIn();
        }
        String m = Macs.normalise(mac);
        Map<String, Object> d;
        Map<String, Object> chain = Map.of();
        String problem = null;
        try {
            d = Backends.asMap(backends.device(session.token(), m));
        } catch (BackendException e) {
            return Response.status(e.status() == 404 ? 404 : 502).entity(base(device, "fleet").data("d", null)
                    .data("mac", m).data("problem", e.getMessage()).data("chain", chain).data("fetches", List.of())
                    .data("notice", null).data("actionProblem", null).data("errors", errors).render()).build();
        }
        try {
            chain = Backends.asMap(backends.chain(session.token(), m));
        } catch (BackendException e) {
            problem = "chain: " + e.getMessage();
        }
        return Response.status(status).entity(base(device, "fleet").data("d", d).data("mac", m).data("chain", chain)
                .data("problem", problem).data("fetches", feed.fetches(m)).data("notice", notice)
                .data("actionProblem", actionProblem).data("errors", errors).render()).build();
    }

    @GET
    @Path("security")
    public Response security() {
        if (!session.signedIn()) {
            return signIn();
        }
        return Response.ok(base(security, "security").data("events", feed.security(200))
                .data("sources", feed.limitedSources()).render()).build();
    }

    @GET
    @Path("events")
    public Response events(@QueryParam("device") String device, @QueryParam("type") String type) {
        if (!session.signedIn()) {
            return signIn();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (device != null && !device.isBlank() && !Macs.isMac(device)) {
            errors.put("device", "A MAC is 12 hex digits, e.g. 000e08aabbcc (':' '-' '.' allowed).");
        }
        if (type != null && !type.isBlank() && !type.strip().matches("[a-z.-]{1,64}")) {
            errors.put("type", "A type is like rotation.confirmed or delivery (a prefix matches every kind).");
        }
        String dev = errors.isEmpty() && device != null && !device.isBlank() ? Macs.normalise(device) : "";
        String ty = errors.isEmpty() && type != null ? type.strip() : "";
        TemplateInstance t = base(events, "events").data("events", errors.isEmpty() ? feed.recent(dev, ty, 200) : List.of())
                .data("device", device == null ? "" : device).data("type", type == null ? "" : type)
                .data("errors", errors).data("stream", "/stream/events?device=" + dev + "&type=" + ty);
        return Response.status(errors.isEmpty() ? 200 : 400).entity(t.render()).build();
    }

    private List<JsonNode> sample(Map<String, String> filter) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> q = new LinkedHashMap<>(filter);
            q.put("limit", "500");
            q.put("cursor", cursor);
            JsonNode page = backends.devices(session.token(), q);
            page.path("items").forEach(all::add);
            JsonNode next = page.path("nextCursor");
            cursor = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
        } while (cursor != null && all.size() < FLEET_SAMPLE);
        return all;
    }

    TemplateInstance base(Template t, String nav) {
        return t.data("nav", nav).data("user", session.name()).data("role", session.role())
                .data("canWrite", session.canWrite());
    }

    static Response signIn() {
        return Response.seeOther(URI.create("/sign-in")).build();
    }
}
