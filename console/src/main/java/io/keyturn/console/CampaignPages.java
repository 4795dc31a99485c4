package io.keyturn.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Campaigns: the form with its preflight first, then a campaign's live progress and its pause/resume/cancel. */
@Path("/campaigns")
@Produces(MediaType.TEXT_HTML)
public class CampaignPages {

    private static final Set<String> ACTIONS = Set.of("pause", "resume", "cancel");

    @Inject
    Session session;

    @Inject
    Backends backends;

    @Inject
    Pages pages;

    @Inject
    Template campaigns;

    @Inject
    Template campaign;

    @Inject
    Template progress;

    /** The form's fields, as posted. */
    public static class Fields {
        @FormParam("group")
        String group;
        @FormParam("ratePerMinute")
        String ratePerMinute;
        @FormParam("canaryPercent")
        String canaryPercent;
        @FormParam("stopAfter")
        String stopAfter;
        @FormParam("includeOffline")
        String includeOffline;

        CampaignForm form() {
            return new CampaignForm(group, ratePerMinute, canaryPercent, stopAfter, includeOffline);
        }
    }

    @GET
    public Response list() {
        return page(new CampaignForm("", "500", "1", "10/1000", null), Map.of(), null, null, 200);
    }

    /** Shows what the campaign would do; nothing is created. */
    @POST
    @Path("preflight")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response preflight(@BeanParam Fields fields) {
        CampaignForm form = fields.form();
        Map<String, String> errors = form.errors();
        if (!errors.isEmpty()) {
            return page(form, errors, null, null, 400);
        }
        try {
            JsonNode p = backends.preflight(session.token(), form.toRequest());
            Map<String, Object> preflight = Backends.asMap(p);
            preflight.put("minutes", CampaignForm.expectedMinutes(p.path("targets").asLong(),
                    Integer.parseInt(form.ratePerMinute().strip())));
            return page(form, errors, preflight, null, 200);
        } catch (BackendException e) {
            return page(form, errors, null, e.getMessage(), 400);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@BeanParam Fields fields) {
        CampaignForm form = fields.form();
        Map<String, String> errors = form.errors();
        if (!errors.isEmpty()) {
            return page(form, errors, null, null, 400);
        }
        try {
            String id = backends.createCampaign(session.token(), form.toRequest()).path("id").asText();
            return Response.seeOther(URI.create("/campaigns/" + id)).build();
        } catch (BackendException e) {
            return page(form, errors, null, e.getMessage(), e.status() == 403 ? 403 : 400);
        }
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id) {
        if (!session.signedIn()) {
            return Pages.signIn();
        }
        try {
            return Response.ok(pages.base(campaign, "campaigns").data("c", Backends.asMap(backends.campaign(session.token(), id)))
                    .data("problem", null).render()).build();
        } catch (BackendException e) {
            return Response.status(e.status() == 404 ? 404 : 502).entity(pages.base(campaign, "campaigns").data("c", null)
                    .data("problem", e.getMessage()).render()).build();
        }
    }

    /** The progress panel alone: the page reloads it whenever the feed carries one of the campaign's events. */
    @GET
    @Path("{id}/progress")
    public Response progress(@PathParam("id") String id) {
        if (!session.signedIn()) {
            return Pages.signIn();
        }
        try {
            return Response.ok(progress.data("c", Backends.asMap(backends.campaign(session.token(), id)))
                    .data("canWrite", session.canWrite()).data("problem", null).render()).build();
        } catch (BackendException e) {
            return Response.status(502).entity(e.getMessage()).build();
        }
    }

    @POST
    @Path("{id}/{action}")
    public Response act(@PathParam("id") String id, @PathParam("action") String action) {
        if (!session.signedIn()) {
            return Pages.signIn();
        }
        if (!ACTIONS.contains(action)) {
            return Response.status(404).build();
        }
        String problem = null;
        try {
            backends.campaignAction(session.token(), id, action);
        } catch (BackendException e) {
            problem = e.getMessage();
        }
        try {
            return Response.status(problem == null ? 200 : 409).entity(progress
                    .data("c", Backends.asMap(backends.campaign(session.token(), id))).data("canWrite", session.canWrite())
                    .data("problem", problem).render()).build();
        } catch (BackendException e) {
            return Response.status(502).entity(e.getMessage()).build();
        }
    }

    private Response page(CampaignForm form, Map<String, String> errors, Map<String, Object> preflight, String problem,
            int status) {
        if (!session.signedIn()) {
            return Pages.signIn();
        }
        List<Object> items;
        String listProblem = null;
        try {
            items = Backends.asMap(backends.campaigns(session.token())).get("items") instanceof List<?> l
                    ? List.copyOf(l) : List.of();
        } catch (BackendException e) {
            items = List.of();
            listProblem = e.getMessage();
        }
        TemplateInstance t = pages.base(campaigns, "campaigns").data("form", form).data("errors", errors)
                .data("preflight", preflight).data("problem", problem).data("items", items).data("listProblem", listProblem);
        return Response.status(status).entity(t.render()).build();
    }
}
