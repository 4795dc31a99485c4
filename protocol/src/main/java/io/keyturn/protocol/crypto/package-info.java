/**
 * Profile encryption as SPA devices read it: the OpenSSL {@code enc} password format
 * ({@link io.keyturn.protocol.crypto.OpenSslEnvelope}), the seal/open pipeline with gzip and a
 * plausibility check ({@link io.keyturn.protocol.crypto.ProfileCipher}), a profile compressed once for
 * many keys ({@link io.keyturn.protocol.crypto.ProfilePayload}), the shared cache of segmented gzip
 * ({@link io.keyturn.protocol.crypto.GzipSegmentCache}), and the secrets of a rotation
 * generation ({@link io.keyturn.protocol.crypto.ProfileKey}, {@link io.keyturn.protocol.crypto.ProfileKeys}).
 *
 * <p>Plain Java 17 and the JCE's {@code AES/CBC/PKCS5Padding}; no other provider is needed. How errors
 * are told apart is described in {@code DESIGN.md} beside these sources.
 */
package io.keyturn.protocol.crypto;
