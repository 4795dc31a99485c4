package io.keyturn.delivery.tls;

import io.keyturn.platform.problem.Problem;
import io.keyturn.platform.problem.PlatformProblem;
import io.keyturn.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /api/v1/tls}: what delivery's HTTPS listeners present and trust, for operators ({@code keyturn tls cas}). */
@Path("/api/v1/tls")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Role not allowed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "HTTPS is not configured on this replica",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class TlsResource {

    /** One certificate as the API shows it. */
    public record CertificateView(String name, String subject, String issuer, String serialNumber, Instant notBefore,
            Instant notAfter, String sha256, long daysLeft) {

        static CertificateView of(CertificateFacts f, Instant now) {
            return new CertificateView(f.name(), f.subject(), f.issuer(), f.serialNumber(), f.notBefore(),
                    f.notAfter(), f.sha256(), f.daysLeft(now));
        }
    }

    /** The server certificate, its chain below it, and when this replica loaded them. */
    public record ServerCertificateView(CertificateView certificate, List<CertificateView> chain, Instant loadedAt) {
    }

    @Inject
    TlsMaterial material;

    private final Clock clock = Clock.systemUTC();

    @GET
    @Path("device-cas")
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    @APIResponse(responseCode = "200", description = "The device CAs client certificates are checked against, by name")
    public List<CertificateView> deviceCas() {
        TlsMaterial.Loaded loaded = loaded();
        Instant now = clock.instant();
        return loaded.cas().cas().stream()
                .map(ca -> CertificateView.of(CertificateFacts.of(ca.name(), ca.certificate()), now)).toList();
    }

    @GET
    @Path("server-certificate")
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    @APIResponse(responseCode = "200", description = "The certificate devices see, with its chain")
    public ServerCertificateView serverCertificate() {
        TlsMaterial.Loaded loaded = loaded();
        Instant now = clock.instant();
        var chain = loaded.server().chain();
        return new ServerCertificateView(CertificateView.of(CertificateFacts.of("server", chain.get(0)), now),
                chain.subList(1, chain.size()).stream()
                        .map(c -> CertificateView.of(CertificateFacts.of("chain", c), now)).toList(),
                loaded.loadedAt());
    }

    private TlsMaterial.Loaded loaded() {
        return material.current().orElseThrow(() -> new ProblemException(PlatformProblem.NOT_FOUND,
                "HTTPS is not configured on this replica (keyturn.delivery.https.cert-file, key-file and device CAs)"));
    }
}
