package io.keyturn.events.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiJsonTest {

    @Test
    void writesWhatJacksonWritesForTextThatNeedsNoEscaping() throws Exception {
        StringBuilder printable = new StringBuilder();
        for (char c = 0x20; c <= 0x7E; c++) {
            if (c != '"' && c != '\\') {
                printable.append(c);
            }
        }
        AsciiJson ascii = new AsciiJson(4).beginObject(null).field("text", printable.toString())
                .field("min", Long.MIN_VALUE).field("zero", 0).beginObject("inner").field("a", "b").endObject()
                .field("after", "x").endObject();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("text", printable.toString());
            g.writeNumberField("min", Long.MIN_VALUE);
            g.writeNumberField("zero", 0);
            g.writeObjectFieldStart("inner");
            g.writeStringField("a", "b");
            g.writeEndObject();
            g.writeStringField("after", "x");
            g.writeEndObject();
        }
        assertThat(ascii.clean()).isTrue();
        assertThat(new String(ascii.toBytes(), StandardCharsets.US_ASCII)).isEqualTo(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesInstantsAsIsoInstantAndStartsAfreshWhenReset() {
        AsciiJson json = new AsciiJson(8);
        for (java.time.Instant at : new java.time.Instant[] {java.time.Instant.parse("2026-11-28T08:03:56.249108678Z"),
            java.time.Instant.EPOCH, java.time.Instant.parse("2026-11-28T08:03:56.250Z"), java.time.Instant.MAX}) {
            json.reset().beginObject(null).field("at", at).field("n", 1).endObject();
            assertThat(new String(json.toBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("{\"at\":\"" + java.time.format.DateTimeFormatter.ISO_INSTANT.format(at) + "\",\"n\":1}");
        }
        json.reset().beginObject(null).field("v", "é");
        assertThat(json.clean()).isFalse();
        assertThat(json.reset().beginObject(null).field("v", "e").endObject().toBytes()).isEqualTo(
                "{\"v\":\"e\"}".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aValueThatNeedsEscapingMakesItUnclean() {
        for (String value : new String[] {"quote\"", "back\\slash", "tab\t", "nul\u0000", "del\u007f", "é", "🔑"}) {
            AsciiJson json = new AsciiJson(16).beginObject(null).field("v", value).endObject();
            assertThat(json.clean()).as(value).isFalse();
            assertThatThrownBy(json::toBytes).isInstanceOf(IllegalStateException.class);
        }
    }
}
