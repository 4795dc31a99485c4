package io.keyturn.bench;

import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The realistic SPA962 configuration of the protocol tests (about 60 KB of XML, 993 parameters: six
 * lines, sidecars, tones, directory), which is what crypto-service renders for each rotation of a
 * device; the benchmark measures work of that size.
 */
final class Spa962Profile {

    private static final String RESOURCE = "/profiles/spa962-sample.xml";

    private Spa962Profile() {
    }

    static FlatProfile sample() {
        try (InputStream in = Spa962Profile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath (protocol's test-jar)");
            }
            return FlatProfileXml.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
