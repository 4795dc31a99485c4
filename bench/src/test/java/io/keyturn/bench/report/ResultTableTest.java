package io.keyturn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private final List<Row> rows = List.of(
            Row.anchored("delivery", "HTTP GET keep-alive", 41_234.5, "req/s", "nginx 1.22.1", 50_000, Goal.ratioAtLeast(0.8)),
            new Row("delivery", "TFTP", 900, "transfers/s", "in.tftpd", null, Goal.ratioAtLeast(2), "anchor skipped: apt-get failed"),
            Row.alone("rotation", "devices rotated", 312, "devices/s", Goal.atLeast(1000)));

    @Test
    void alignsEveryColumnAndPrintsRatioAndVerdict() {
        String[] lines = ResultTable.format(rows).split("\n");
        assertThat(lines[0]).startsWith("bench").contains("ratio").contains("result");
        assertThat(lines[1]).matches("-+");
        assertThat(lines[2]).contains("41,235").contains("50,000").contains("0.82").contains("pass");
        assertThat(lines[3]).contains("no anchor").contains("[1]").doesNotContain("FAIL");
        assertThat(lines[4]).contains("312").contains("≥ 1,000 devices/s").contains("FAIL");
        // the value column ends at the same place on every row
        int end = lines[2].indexOf("41,235") + "41,235".length();
        assertThat(lines[4].indexOf("312") + 3).isEqualTo(end);
    }

    @Test
    void listsNotesUnderTheTable() {
        assertThat(ResultTable.format(rows)).contains("[1] delivery / TFTP: anchor skipped: apt-get failed");
    }

    @Test
    void formatsNumbersByMagnitude() {
        assertThat(Numbers.format(123456.7)).isEqualTo("123,457");
        assertThat(Numbers.format(12.34)).isEqualTo("12.3");
        assertThat(Numbers.format(0.824)).isEqualTo("0.82");
        assertThat(Numbers.format(0)).isEqualTo("0");
        assertThat(Numbers.format(Double.NaN)).isEqualTo("n/a");
    }
}
