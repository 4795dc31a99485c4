package io.keyturn.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignFormTest {

    @Test
    void acceptsAGoodFormAndBuildsTheSchedulersRequest() {
        CampaignForm form = new CampaignForm(" region/north ", "500", "1.5", "10/1000", "on");
        assertThat(form.errors()).isEmpty();
        assertThat(form.toRequest().toString())
                .isEqualTo("{\"group\":\"region/north\",\"ratePerMinute\":500,\"canaryPercent\":1.5,\"stopAfter\":\"10/1000\",\"includeOffline\":true}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|500|1|10/1000|group",
        "region//north|500|1|10/1000|group",
        "region/north|0|1|10/1000|ratePerMinute",
        "region/north|fast|1|10/1000|ratePerMinute",
        "region/north|2.5|1|10/1000|ratePerMinute",
        "region/north|500|101|10/1000|canaryPercent",
        "region/north|500|NaN|10/1000|canaryPercent",
        "region/north|500|1|ten|stopAfter",
        "region/north|500|1|0/1000|stopAfter",
        "region/north|500|1|20/10|stopAfter"})
    void namesExactlyTheBadField(String group, String rate, String canary, String stop, String field) {
        assertThat(new CampaignForm(group, rate, canary, stop, null).errors()).containsOnlyKeys(field);
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        assertThat(new CampaignForm(null, null, null, null, null).errors())
                .containsOnlyKeys("group", "ratePerMinute", "canaryPercent", "stopAfter");
    }

    @Test
    void expectsWholeMinutesRoundedUp() {
        assertThat(CampaignForm.expectedMinutes(1000, 500)).isEqualTo(2);
        assertThat(CampaignForm.expectedMinutes(1001, 500)).isEqualTo(3);
        assertThat(CampaignForm.expectedMinutes(0, 500)).isZero();
    }
}
