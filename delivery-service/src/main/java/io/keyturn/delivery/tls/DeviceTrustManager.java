package io.keyturn.delivery.tls;

import io.keyturn.events.delivery.DenialReason;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks device client certificates against the current {@link DeviceCaBundle} with the JDK's PKIX trust manager,
 * and reports every refusal before it fails the handshake. Without this, a certificate from an unknown CA or an
 * expired one ends in a handshake error no request handler ever sees, so nobody would learn about it.
 *
 * <p>The source address is the SSLEngine's peer host, which Vert.x sets to the connection's remote address.
 */
final class DeviceTrustManager extends X509ExtendedTrustManager {

    /** The bundle with the JDK trust manager built over it, replaced together. */
    record Trust(DeviceCaBundle bundle, X509ExtendedTrustManager pkix) {
    }

    /** Where refusals go. */
    interface Refusals {
        void refused(String sourceAddress, DenialReason reason, X509Certificate[] chain);
    }

    private final Refusals refusals;
    private final Clock clock;
    private volatile Trust trust;

    DeviceTrustManager(Refusals refusals, Clock clock) {
        this.refusals = refusals;
        this.clock = clock;
    }

    void use(Trust next) {
        trust = next;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        Trust t = trust;
        try {
            t.pkix().checkClientTrusted(chain, authType, engine);
        } catch (CertificateException | RuntimeException e) {
            refuse(t, chain, engine == null ? null : engine.getPeerHost());
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        Trust t = trust;
        try {
            t.pkix().checkClientTrusted(chain, authType, socket);
        } catch (CertificateException | RuntimeException e) {
            String host = socket != null && socket.getRemoteSocketAddress() instanceof InetSocketAddress a
                    && a.getAddress() != null ? a.getAddress().getHostAddress() : null;
            refuse(t, chain, host);
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        Trust t = trust;
        try {
            t.pkix().checkClientTrusted(chain, authType);
        } catch (CertificateException | RuntimeException e) {
            refuse(t, chain, null);
            throw e;
        }
    }

    private void refuse(Trust t, X509Certificate[] chain, String host) {
        refusals.refused(host, t.bundle().classify(chain, clock.instant()), chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("delivery's device trust checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("delivery's device trust checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("delivery's device trust checks clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        Trust t = trust;
        return t == null ? new X509Certificate[0] : t.bundle().issuers();
    }
}
