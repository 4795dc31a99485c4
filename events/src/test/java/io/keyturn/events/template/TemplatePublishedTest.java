package io.keyturn.events.template;

import static io.keyturn.events.Refusals.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplatePublishedTest {

    private static final Instant AT = Instant.parse("2026-11-26T09:00:00Z");
    private static final String XML = "<flat-profile><Resync_Periodic>3600</Resync_Periodic></flat-profile>";

    @Test
    void derivesItsIdAndDigestAndIsKeyedByTheId() {
        TemplatePublished t = TemplatePublished.of(3, TemplateScope.GROUP, "region/north", XML, "ops", AT);

        assertThat(t.id()).isEqualTo("group/region/north");
        assertThat(t.subject()).isEqualTo("group/region/north");
        assertThat(t.sha256()).hasSize(64);
        assertThat(TemplatePublished.of(1, TemplateScope.MODEL, "SPA962", XML, null, AT).id()).isEqualTo("model/SPA962");
    }

    @Test
    void refusesAnIdThatDoesNotMatchScopeAndTarget() {
        TemplatePublished t = TemplatePublished.of(3, TemplateScope.GROUP, "region/north", XML, null, AT);
        assertInvalid(() -> new TemplatePublished("group/region/south", 3, TemplateScope.GROUP, "region/north", XML,
                t.sha256(), null, AT), "id must be group/region/north");
    }

    @Test
    void refusesADigestThatIsNotTheXmls() {
        TemplatePublished t = TemplatePublished.of(3, TemplateScope.MODEL, "SPA962", XML, null, AT);
        assertInvalid(() -> new TemplatePublished(t.id(), 3, TemplateScope.MODEL, "SPA962", XML + " ", t.sha256(), null,
                AT), "sha256 must be the SHA-256 of xml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spa962", "SPA 962", "", "S"})
    void refusesAMalformedModel(String model) {
        assertInvalid(() -> TemplatePublished.of(1, TemplateScope.MODEL, model, XML, null, AT),
                "target must be a model name: upper-case letters, digits and -");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Region/north", "region//north", "/region", "region/", "../etc", "région"})
    void refusesAMalformedGroupPath(String group) {
        assertInvalid(() -> TemplatePublished.of(1, TemplateScope.GROUP, group, XML, null, AT),
                "target must be a group path: lower-case segments of letters, digits, _ and - separated by /");
    }

    @Test
    void refusesXmlTheFirmwareCouldNotRead() {
        assertInvalid(() -> TemplatePublished.of(1, TemplateScope.MODEL, "SPA962", "<flat-profile>é</flat-profile>",
                null, AT), "xml must be printable ASCII, as the device firmware reads it");
        assertInvalid(() -> TemplatePublished.of(1, TemplateScope.MODEL, "SPA962", "<profile/>", null, AT),
                "xml must be a <flat-profile> document");
        assertInvalid(() -> TemplatePublished.of(0, TemplateScope.MODEL, "SPA962", XML, null, AT),
                "version must be at least 1");
    }
}
