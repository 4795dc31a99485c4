package io.keyturn.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.events.device.TemplateRef;
import io.keyturn.protocol.profile.FlatProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateLayersTest {

    @Test
    void refsListTheModelThenEachExistingGroupPrefixFromTheBroadest() {
        List<TemplateRef> refs = TemplateLayers.refs(DeviceModel.require("SPA962"), new GroupPath("region/north/city"),
                Map.of("group/region/north/city", 2L, "model/SPA962", 4L, "group/region", 1L, "model/SPA942", 9L));

        assertThat(refs).containsExactly(new TemplateRef("model/SPA962", 4), new TemplateRef("group/region", 1),
                new TemplateRef("group/region/north/city", 2));
    }

    @Test
    void laterLayersAndDeviceParametersWin() {
        FlatProfile model = TemplateDocument.parse(TemplateDocument.Format.SPC,
                "Proxy_1_ \"sip.example\";\nResync_Periodic \"3600\";\n").profile();
        FlatProfile group = TemplateDocument.parse(TemplateDocument.Format.XML,
                "<flat-profile><Resync_Periodic>600</Resync_Periodic></flat-profile>").profile();

        FlatProfile out = TemplateLayers.render(List.of(model, group), Map.of("Proxy_1_", "sip.north.example"));

        assertThat(out.value("Proxy_1_")).contains("sip.north.example");
        assertThat(out.value("Resync_Periodic")).contains("600");
    }

    @Test
    void refusesSpcThatDoesNotParseWithLineAndColumn() {
        assertThatThrownBy(() -> TemplateDocument.parse(TemplateDocument.Format.SPC,
                "Proxy_1_ \"sip.example\";\nResync_Periodic \"3600\"\n"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_TEMPLATE);
                    assertThat(e.getMessage()).containsPattern("line \\d+, column \\d+");
                });
    }

    @Test
    void refusesXmlThatDoesNotParseWithLineAndColumn() {
        assertThatThrownBy(() -> TemplateDocument.parse(TemplateDocument.Format.XML,
                "<flat-profile>\n  <Proxy_1_>x</Proxy_2_>\n</flat-profile>"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("line 2");
    }

    @Test
    void refusesATemplateThatSetsAKeySlot() {
        assertThatThrownBy(() -> TemplateDocument.parse(TemplateDocument.Format.SPC, "GPP_SA \"k\";\n"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.RESERVED_PARAMETER));
    }
}
