package io.keyturn.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyturn.platform.problem.Problem;
import io.keyturn.registry.config.RegistryConfig;
import io.keyturn.registry.domain.Device;
import io.keyturn.registry.domain.DeviceFilter;
import io.keyturn.registry.domain.DeviceModel;
import io.keyturn.registry.domain.DevicePage;
import io.keyturn.registry.domain.DevicePatch;
import io.keyturn.registry.domain.DeviceState;
import io.keyturn.registry.domain.FieldRules;
import io.keyturn.registry.domain.GroupPath;
import io.keyturn.registry.domain.RegistryException;
import io.keyturn.registry.domain.RegistryException.Reason;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /api/v1/devices}: register, read, list, patch and decommission devices. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Bad input",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Role not allowed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class DeviceResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    DeviceService service;
    @Inject
    RegistryConfig config;
    @Inject
    JsonWebToken token;
    @Inject
    Clock clock;

    @POST
    @Path("devices")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "409", description = "Already registered",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body too large",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(RegisterDeviceRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        if (request == null) {
            throw new RegistryException(Reason.INVALID_FIELD, "a device is required in the body");
        }
        Device d = service.register(request.toInput(), actor());
        return Response.created(uri.getAbsolutePathBuilder().path(d.mac()).build())
                .tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(d.version())))
                .entity(DeviceView.from(d)).build();
    }

    @GET
    @Path("devices/{mac}")
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.SERVICE})
    @APIResponse(responseCode = "200", description = "The device with its rotation state; ETag is its version")
    @APIResponse(responseCode = "404", description = "Not registered",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("mac") String mac) {
        return withTag(service.get(mac)).build();
    }

    @GET
    @Path("devices")
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.SERVICE})
    @APIResponse(responseCode = "200", description = "One page, by MAC; pass nextCursor as cursor for the next")
    public DeviceListView list(@QueryParam("group") String group, @QueryParam("model") String model,
                               @QueryParam("state") String state, @QueryParam("tenant") String tenant,
                               @QueryParam("unconfirmedFor") String unconfirmedFor,
                               @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int max = config.api().maxPageSize();
        int n = limit == null ? config.api().defaultPageSize() : limit;
        if (n < 1 || n > max) {
            throw new RegistryException(Reason.INVALID_QUERY, "limit must be 1 to " + max);
        }
        DeviceFilter filter = new DeviceFilter(
                group == null || group.isEmpty() ? null : new GroupPath(group).value(),
                model == null || model.isEmpty() ? null : DeviceModel.require(model).name(),
                state == null || state.isEmpty() ? null : DeviceState.of(state),
                tenant == null || tenant.isEmpty() ? null : FieldRules.tenant(tenant),
                unconfirmedFor == null || unconfirmedFor.isEmpty() ? null
                        : clock.instant().minus(duration(unconfirmedFor)));
        DevicePage page = service.list(filter, Cursors.decode(cursor), n);
        return new DeviceListView(page.items().stream().map(DeviceView::from).toList(),
                Cursors.encode(page.nextAfter()));
    }

    @PATCH
    @Path("devices/{mac}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "200", description = "The device after the patch (JSON merge patch, RFC 7396)")
    @APIResponse(responseCode = "412", description = "If-Match names an older version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response patch(@PathParam("mac") String mac, @HeaderParam("If-Match") String ifMatch, JsonNode body) {
        Device d = service.update(mac, patch(body), ETags.ifMatch(ifMatch), actor());
        return withTag(d).build();
    }

    @DELETE
    @Path("devices/{mac}")
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "200", description = "Decommissioned (again: nothing changes); keys are shredded"
            + " downstream")
    public Response decommission(@PathParam("mac") String mac, @HeaderParam("If-Match") String ifMatch,
                                 @QueryParam("reason") String reason) {
        if (reason != null && (reason.length() > 500 || reason.chars().anyMatch(Character::isISOControl))) {
            throw new RegistryException(Reason.INVALID_QUERY, "reason must be at most 500 characters, no control"
                    + " characters");
        }
        return withTag(service.decommission(mac, ETags.ifMatch(ifMatch), reason, actor())).build();
    }

    private static Response.ResponseBuilder withTag(Device d) {
        return Response.ok(DeviceView.from(d)).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(d.version())));
    }

    private String actor() {
        return token.getSubject() == null ? "unknown" : token.getSubject();
    }

    private static Duration duration(String text) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", text, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new RegistryException(Reason.INVALID_QUERY,
                    "unconfirmedFor must be a positive ISO-8601 duration, e.g. P1D or PT12H");
        }
    }

    /** A JSON merge patch body to the domain's patch; every value a string or null, params an object of those. */
    static DevicePatch patch(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw new RegistryException(Reason.INVALID_FIELD, "the patch must be a JSON object");
        }
        Map<String, Optional<String>> fields = new LinkedHashMap<>();
        Map<String, Optional<String>> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equals("params")) {
                JsonNode p = e.getValue();
                if (p.isNull()) {
                    throw new RegistryException(Reason.INVALID_FIELD,
                            "params cannot be null; name each parameter to remove with a null value");
                }
                if (!p.isObject()) {
                    throw new RegistryException(Reason.INVALID_FIELD, "params must be an object");
                }
                for (Map.Entry<String, JsonNode> pe : p.properties()) {
                    params.put(pe.getKey(), text("params." + FieldRules.paramName(pe.getKey()), pe.getValue()));
                }
            } else if (!DevicePatch.FIELDS.contains(e.getKey())) {
                // Refused by name before its value is looked at: the name is ours to quote, the value is not.
                new DevicePatch(Map.of(e.getKey(), Optional.empty()), Map.of());
            } else {
                fields.put(e.getKey(), text(e.getKey(), e.getValue()));
            }
        }
        return new DevicePatch(fields, params);
    }

    private static Optional<String> text(String field, JsonNode value) {
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new RegistryException(Reason.INVALID_FIELD, field + " must be a string or null");
        }
        return Optional.of(value.textValue());
    }
}
