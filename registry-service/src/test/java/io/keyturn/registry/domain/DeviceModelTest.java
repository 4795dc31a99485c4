package io.keyturn.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceModelTest {

    @ParameterizedTest
    @CsvSource(textBlock = """
            SPA962,  SPA962,  962
            spa921,  SPA921,  921
            SPA-2102, SPA2102, 2102
            SPA3102, SPA3102, 3102
            SPA112,  SPA112,  112
            SPA122,  SPA122,  122
            SPA8000, SPA8000, 8000
            SPA525G, SPA525G, 525G
            SPA901,  SPA901,  901
            PAP2T,   PAP2T,   PAP2T
            WRP400,  WRP400,  WRP400
            """)
    void knowsEachModelsProductSeries(String asWritten, String name, String psn) {
        DeviceModel model = DeviceModel.require(asWritten);

        assertThat(model.name()).isEqualTo(name);
        assertThat(model.psn()).isEqualTo(psn);
    }

    @Test
    void refusesAModelOutsideTheTableNamingTheKnownOnes() {
        assertThatThrownBy(() -> DeviceModel.require("SPA999"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNKNOWN_MODEL);
                    assertThat(e.getMessage()).contains("'SPA999'").contains("SPA962");
                });
    }

    @Test
    void tableHoldsPhonesAndAdapters() {
        assertThat(DeviceModel.all()).extracting(DeviceModel::name)
                .contains("SPA921", "SPA922", "SPA941", "SPA942", "SPA962", "SPA901", "SPA2102", "SPA3102",
                        "SPA8000", "SPA112", "SPA122", "SPA504G", "SPA508G", "SPA509G", "SPA525G", "PAP2T", "WRP400");
    }
}
