package io.keyturn.delivery.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key manager, which always offers the newest {@link ServerIdentity}. JSSE asks it at every handshake,
 * so replacing the identity changes what new connections see while established ones keep their session: nothing
 * in flight is dropped.
 *
 * <p>Each identity gets its own alias, so a handshake that chose an alias just before a swap still gets that
 * alias's certificate and key together, never the new certificate with the old key. The last few identities are
 * kept for that.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

    private static final int KEPT = 4;

    private final Map<String, ServerIdentity> recent = new LinkedHashMap<>();
    private volatile String alias;
    private volatile ServerIdentity current;
    private long generation;

    synchronized void use(ServerIdentity identity) {
        generation++;
        String next = "keyturn-server-" + generation;
        recent.put(next, identity);
        while (recent.size() > KEPT) {
            recent.remove(recent.keySet().iterator().next());
        }
        current = identity;
        alias = next;
    }

    private String aliasFor(String keyType) {
        ServerIdentity id = current;
        if (id == null || keyType == null) {
            return null;
        }
        String algorithm = id.key().getAlgorithm();
        boolean fits = algorithm.equals(keyType)
                || (algorithm.equals("EdDSA") || algorithm.equals("Ed25519")) && keyType.startsWith("Ed");
        return fits ? alias : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = aliasFor(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public synchronized X509Certificate[] getCertificateChain(String alias) {
        ServerIdentity id = recent.get(alias);
        return id == null ? null : id.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public synchronized PrivateKey getPrivateKey(String alias) {
        ServerIdentity id = recent.get(alias);
        return id == null ? null : id.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
