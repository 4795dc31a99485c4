package io.keyturn.sealing;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PEM armour (RFC 7468) around the DER of one key. */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private Pem() {
    }

    static byte[] decode(String pem, String label) {
        if (pem == null) {
            throw new SealingException("no PEM text");
        }
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                try {
                    return Base64.getMimeDecoder().decode(m.group(2));
                } catch (IllegalArgumentException e) {
                    throw new SealingException("the PEM block " + label + " is not valid Base64");
                }
            }
        }
        throw new SealingException("no PEM block labelled " + label);
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
