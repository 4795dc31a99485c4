package io.keyturn.registry.api;

import io.keyturn.registry.domain.MacAddress;
import io.keyturn.registry.domain.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque list cursors: the last MAC of a page, so a client cannot come to depend on their form. */
final class Cursors {

    private static final String PREFIX = "d1:";

    private Cursors() {
    }

    static String encode(String mac) {
        return mac == null ? null : Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + mac).getBytes(StandardCharsets.US_ASCII));
    }

    static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith(PREFIX)) {
                String mac = text.substring(PREFIX.length());
                if (mac.length() == 12 && MacAddress.normalise(mac).equals(mac)) {
                    return mac;
                }
            }
        } catch (IllegalArgumentException | RegistryException e) {
            // Falls through to the one answer for any cursor we did not make.
        }
        throw new RegistryException(RegistryException.Reason.INVALID_QUERY,
                "cursor is not one this API returned; start again without it");
    }
}
