package io.keyturn.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InMemoryProfileTransportTest {

    @ParameterizedTest
    @CsvSource({
        "tftp://10.0.0.1/spa962.cfg, tftp://10.0.0.1:69/spa962.cfg",
        "HTTP://prov.example.net/a/b.cfg?x=1, http://prov.example.net:80/a/b.cfg?x=1",
        "https://prov.example.net:8443/bootstrap/000e08aabbcc.xml, https://prov.example.net:8443/bootstrap/000e08aabbcc.xml"})
    void comparesUrlsWithSchemeAndPortExplicit(String written, String normalised) {
        assertThat(InMemoryProfileTransport.normalise(written)).isEqualTo(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/spa962.cfg", "ftp://host/x", "http://host", "http:///x", "not a url"})
    void refusesWhatIsNotAFetchableUrl(String url) {
        assertThatThrownBy(() -> new InMemoryProfileTransport().publish(url, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
