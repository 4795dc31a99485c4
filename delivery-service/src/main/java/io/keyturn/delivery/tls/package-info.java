/**
 * delivery-service's TLS material: the server certificate and key, the trusted device CAs, their reload without a
 * restart, the refusal of client certificates at the handshake (reported as {@code keyturn.delivery.denied}), the
 * server certificate's expiry warning and the operator API that lists them.
 */
package io.keyturn.delivery.tls;
