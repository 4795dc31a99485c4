package io.keyturn.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The run as one PNG drawn with Java2D: on top, each throughput figure as a share of its anchor (the anchor is the
 * 1.0 line, the goal a tick); below, each latency figure in milliseconds beside its anchor's.
 */
public final class Plot {

    private static final int WIDTH = 1000;
    private static final int BAR = 18;
    private static final int GAP = 10;
    private static final int LABEL = 330;
    private static final Color KEYTURN = new Color(0x2b6cb0);
    private static final Color ANCHOR = new Color(0xa0aec0);
    private static final Color GOAL = new Color(0xc53030);

    private Plot() {
    }

    /** Rows whose figure is a rate measured against an anchor. */
    static List<Row> throughput(List<Row> rows) {
        return rows.stream().filter(r -> r.unit().endsWith("/s") && r.ratio() != null).toList();
    }

    /** Rows whose figure is a latency. */
    static List<Row> latency(List<Row> rows) {
        return rows.stream().filter(r -> r.unit().equals("ms")).toList();
    }

    public static void write(List<Row> rows, String title, Path png) throws IOException {
        List<Row> rates = throughput(rows);
        List<Row> latencies = latency(rows);
        int top = 60;
        int ratesHeight = 40 + rates.size() * (BAR + GAP) + 30;
        int latHeight = 40 + latencies.size() * (2 * BAR + GAP) + 30;
        int height = top + ratesHeight + latHeight + 20;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, 20, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int y = top;
            y = drawRates(g, rates, y);
            drawLatencies(g, latencies, y + 20);
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static int drawRates(Graphics2D g, List<Row> rates, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString("Throughput as a share of the anchor (anchor = 1.0; red tick = goal)", 20, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        y += 20;
        double max = 1.2;
        for (Row r : rates) {
            max = Math.max(max, r.ratio() * 1.1);
            if (r.goal().kind() == Goal.Kind.RATIO_AT_LEAST) {
                max = Math.max(max, r.goal().bound() * 1.1);
            }
        }
        int plotWidth = WIDTH - LABEL - 80;
        int x0 = LABEL;
        int first = y;
        for (Row r : rates) {
            g.setColor(Color.BLACK);
            g.drawString(shorten(r.bench() + ": " + r.figure(), 46), 20, y + BAR - 4);
            int w = (int) Math.round(r.ratio() / max * plotWidth);
            g.setColor(KEYTURN);
            g.fillRect(x0, y, Math.max(w, 1), BAR);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f", r.ratio()), x0 + w + 6, y + BAR - 4);
            if (r.goal().kind() == Goal.Kind.RATIO_AT_LEAST) {
                int gx = x0 + (int) Math.round(r.goal().bound() / max * plotWidth);
                g.setColor(GOAL);
                g.setStroke(new BasicStroke(3));
                g.drawLine(gx, y - 2, gx, y + BAR + 2);
                g.setStroke(new BasicStroke(1));
            }
            y += BAR + GAP;
        }
        int ax = x0 + (int) Math.round(1.0 / max * plotWidth);
        g.setColor(ANCHOR);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
        g.drawLine(ax, first - 6, ax, y);
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.DARK_GRAY);
        g.drawString("anchor", ax - 18, y + 14);
        return y + 30;
    }

    private static void drawLatencies(Graphics2D g, List<Row> latencies, int y) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString("Latency, ms (blue keyturn, grey anchor)", 20, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        y += 20;
        double max = 0.001;
        for (Row r : latencies) {
            max = Math.max(max, r.value());
            if (r.anchorValue() != null) {
                max = Math.max(max, r.anchorValue());
            }
        }
        max *= 1.1;
        int plotWidth = WIDTH - LABEL - 80;
        for (Row r : latencies) {
            g.setColor(Color.BLACK);
            g.drawString(shorten(r.bench() + ": " + r.figure(), 46), 20, y + BAR - 4);
            int w = (int) Math.round(r.value() / max * plotWidth);
            g.setColor(KEYTURN);
            g.fillRect(LABEL, y, Math.max(w, 1), BAR);
            g.setColor(Color.BLACK);
            g.drawString(Numbers.format(r.value()), LABEL + w + 6, y + BAR - 4);
            if (r.anchorValue() != null) {
                int a = (int) Math.round(r.anchorValue() / max * plotWidth);
                g.setColor(ANCHOR);
                g.fillRect(LABEL, y + BAR, Math.max(a, 1), BAR - 4);
                g.setColor(Color.DARK_GRAY);
                g.drawString(Numbers.format(r.anchorValue()), LABEL + a + 6, y + 2 * BAR - 6);
            }
            y += 2 * BAR + GAP;
        }
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
