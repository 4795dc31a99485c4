package io.keyturn.bench.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryCaseTest {

    @Test
    void saysHowManyOfTheMeasuredFetchesLostTheirEvent() {
        assertThat(DeliveryCase.droppedNote(1_000, 31_000, 120_000))
                .isEqualTo("the fetch log dropped 30,000 of 120,000 fetch events (25 %): its queue was full");
    }

    @Test
    void saysNothingWhenNoEventWasDropped() {
        assertThat(DeliveryCase.droppedNote(1_000, 1_000, 120_000)).isNull();
    }

    @Test
    void saysSoWhenDeliveryMetricsCouldNotBeRead() {
        assertThat(DeliveryCase.droppedNote(Double.NaN, 5, 120_000)).contains("unknown");
        assertThat(DeliveryCase.droppedNote(5, Double.NaN, 120_000)).contains("unknown");
    }
}
