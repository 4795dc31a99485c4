package io.keyturn.crypto.api;

import io.keyturn.crypto.domain.ChainWorkflow;
import io.keyturn.crypto.domain.DeviceProblem;
import io.keyturn.crypto.domain.DeviceStore;
import io.keyturn.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;

/** Operators' view of a device's chain, and the operations on it: re-arm the bootstrap, re-render. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class ChainResource {

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{12}");

    private final ChainWorkflow workflow;
    private final DeviceStore store;

    @Inject
    public ChainResource(ChainWorkflow workflow, DeviceStore store) {
        this.workflow = workflow;
        this.store = store;
    }

    @GET
    @Path("{mac}/chain")
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    @Transactional
    public ChainView chain(@PathParam("mac") String mac) {
        return ChainView.from(store.find(requireMac(mac)).orElseThrow(() -> notFound(mac)));
    }

    @POST
    @Path("{mac}/bootstrap:rearm")
    @RolesAllowed({"fleet-admin", "operator"})
    @Transactional
    public ChainView rearm(@PathParam("mac") String mac) {
        return act(mac, () -> workflow.rearmBootstrap(mac));
    }

    @POST
    @Path("{mac}/chain:rerender")
    @RolesAllowed({"fleet-admin", "operator"})
    @Transactional
    public ChainView rerender(@PathParam("mac") String mac) {
        return act(mac, () -> workflow.rerender(mac));
    }

    private ChainView act(String mac, Runnable action) {
        requireMac(mac);
        try {
            action.run();
        } catch (DeviceProblem e) {
            throw new ProblemException(CryptoProblem.of(e.reason()), e.getMessage());
        }
        return ChainView.from(store.find(mac).orElseThrow(() -> notFound(mac)));
    }

    static String requireMac(String mac) {
        if (!MAC.matcher(mac).matches()) {
            throw new ProblemException(CryptoProblem.INVALID_MAC, "a MAC is 12 lowercase hexadecimal digits");
        }
        return mac;
    }

    private static ProblemException notFound(String mac) {
        return new ProblemException(CryptoProblem.DEVICE_NOT_FOUND, "crypto-service has no device " + mac);
    }
}
