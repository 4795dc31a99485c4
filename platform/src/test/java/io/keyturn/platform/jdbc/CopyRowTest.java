package io.keyturn.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyRowTest {

    @Test
    void separatesFieldsWithTabsAndEndsTheRowWithANewline() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new CopyRow().field("a").field("b").field("{}").end());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\tb\t{}\n");
    }

    @Test
    void escapesBackslashTabNewlineAndCarriageReturn() {
        assertThat(new CopyRow().field("{\"x\":\"a\\\"b\"}\t\n\r").text())
                .isEqualTo("{\"x\":\"a\\\\\"b\"}\\t\\n\\r\n");
    }

    @Test
    void keepsNonAsciiTextAsIs() {
        assertThat(new CopyRow().field("Zürich 東京").text()).isEqualTo("Zürich 東京\n");
    }

    @Test
    void startsAFreshRowAfterEachWrite() throws Exception {
        CopyRow row = new CopyRow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(row.field("x".repeat(10_000)).end());
        out.write(row.field("y").end());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("x".repeat(10_000) + "\ny\n");
    }

    @Test
    void keepsAnEmptyFirstFieldApartFromTheNext() {
        assertThat(new CopyRow().field("").field("b").text()).isEqualTo("\tb\n");
    }

    @Test
    void escapesAtEveryPositionOfALongFieldThatOutgrowsTheBuffer() {
        // Escapes at the start, in runs, side by side and at the end, in a field far past the initial capacity.
        String raw = "\\" + "a".repeat(5_000) + "\t\t" + "b".repeat(3_000) + "\r\n\\" + "é".repeat(2_000) + "\n";
        String expected = "\\\\" + "a".repeat(5_000) + "\\t\\t" + "b".repeat(3_000) + "\\r\\n\\\\"
                + "é".repeat(2_000) + "\\n";
        assertThat(new CopyRow(16).field("x").field(raw).field("").text()).isEqualTo("x\t" + expected + "\t\n");
    }

    @Test
    void writesNullAsBackslashNAndTheTextBackslashNEscaped() {
        assertThat(new CopyRow().nullField().field((String) null).field("\\N").text()).isEqualTo("\\N\t\\N\t\\\\N\n");
        assertThat(new CopyRow(1).field("a").nullField().text()).isEqualTo("a\t\\N\n");
    }
}
