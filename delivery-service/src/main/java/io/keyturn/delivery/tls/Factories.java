package io.keyturn.delivery.tls;

import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/** JSSE factories that hand out one fixed manager: how Vert.x takes managers we build and swap ourselves. */
final class Factories {

    private static final Provider PROVIDER = new Provider("keyturn-delivery-tls", "1.0",
            "delivery-service's reloading TLS managers") {
    };

    private Factories() {
    }

    static KeyManagerFactory keyManagers(KeyManager manager) {
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {manager};
            }
        }, PROVIDER, "keyturn") {
        };
    }

    static TrustManagerFactory trustManagers(TrustManager manager) {
        return new TrustManagerFactory(new TrustManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected TrustManager[] engineGetTrustManagers() {
                return new TrustManager[] {manager};
            }
        }, PROVIDER, "keyturn") {
        };
    }
}
