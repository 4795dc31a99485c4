package io.keyturn.crypto;

import io.keyturn.protocol.crypto.ProfileCipher;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decrypts a published file the way an operator checks one: with the {@code openssl} CLI ({@code -md md5}) when it is
 * installed, else with the protocol library (and says which).
 */
final class OpenSsl {

    static final boolean PRESENT = onPath("openssl");

    private OpenSsl() {
    }

    static byte[] decrypt(byte[] file, String key) {
        if (!PRESENT) {
            return new ProfileCipher().open(file, key);
        }
        try {
            Path dir = Files.createTempDirectory("keyturn-openssl");
            Path in = Files.write(dir.resolve("in.cfg"), file);
            Path out = dir.resolve("out");
            Process p = new ProcessBuilder("openssl", "enc", "-d", "-aes-256-cbc", "-md", "md5", "-pass", "stdin",
                    "-in", in.toString(), "-out", out.toString()).redirectErrorStream(true).start();
            p.getOutputStream().write((key + "\n").getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError("openssl enc -d -md md5 failed: " + output);
            }
            byte[] plain = Files.readAllBytes(out);
            Files.delete(in);
            Files.delete(out);
            Files.delete(dir);
            // A gzipped profile comes out of openssl compressed; the device gunzips it, so do the same.
            return gunzipIfNeeded(plain);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzipIfNeeded(byte[] data) throws java.io.IOException {
        if (data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
                return in.readAllBytes();
            }
        }
        return data;
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(d, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
