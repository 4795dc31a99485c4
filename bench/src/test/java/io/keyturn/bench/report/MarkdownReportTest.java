package io.keyturn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    private final List<Row> rows = List.of(
            Row.anchored("delivery", "HTTP GET Connection: close", 9_000, "req/s", "nginx", 10_000, Goal.ratioAtLeast(0.8)),
            Row.anchored("delivery", "HTTP p99 | tail", 2.5, "ms", "nginx", 1.5, Goal.below(5)));

    @Test
    void writesTheMachineTheTableAndThePlotLink() {
        String md = MarkdownReport.render(new MarkdownReport.Run(ZonedDateTime.parse("2026-11-26T20:00:00Z"), "quick",
                "./keyturn bench --quick", new Machine(2, 2L << 30, "OpenJDK 17", "Linux", "a CPU"),
                Map.of("nginx", "1.22.1"), rows, "benchmarks/x.png", List.of("A busy machine."),
                Map.of("delivery", "How it works.")));
        assertThat(md).contains("2026-11-26T20:00:00Z").contains("2 cores").contains("- nginx: 1.22.1")
                .contains("| bench | figure |").contains("![throughput against the anchors, and latency](benchmarks/x.png)")
                .contains("### delivery").contains("A busy machine.");
        assertThat(md).contains("| delivery | HTTP GET Connection: close | 9,000 | req/s | nginx | 10,000 | 0.90 | ratio ≥ 0.8 | pass |");
    }

    @Test
    void escapesPipesSoACellCannotBreakTheTable() {
        String table = MarkdownReport.table(rows);
        assertThat(table).contains("HTTP p99 \\| tail");
        assertThat(table.lines().skip(2).allMatch(l -> l.split("(?<!\\\\)\\|").length == 10)).isTrue();
    }

    @Test
    void drawsAPngWithBothPanels(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("sub/plot.png");
        Plot.write(rows, "test", png);
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isGreaterThan(200);
        assertThat(Plot.throughput(rows)).hasSize(1);
        assertThat(Plot.latency(rows)).hasSize(1);
        assertThat(Files.size(png)).isGreaterThan(1000);
    }
}
