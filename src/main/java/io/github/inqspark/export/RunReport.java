package io.github.inqspark.export;

import io.github.inqspark.core.TensorSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report of a run: a self-contained HTML page (charts embedded as PNG data) plus the same
 * charts as PNG files. Accuracy and loss per stage against the FP32 reference (stage 0), frozen
 * share per stage, time per stage, and per layer the distribution of the quantized values (the
 * paper's Table 6) with the bits the layer really needs; optionally the export's compression.
 */
public final class RunReport {

    /** One committed stage, as the run's metrics record it (stage 0: the FP32 reference). */
    public record StageRow(int stage, int stages, double portion, double frozenFraction, double top1, double top5,
                           double loss, long evalExamples, double trainSeconds, double examplesPerSecond, String trainer) {
    }

    /** Bytes of one tensor (or of everything else) in three encodings, for the compression table. */
    public record SizeRow(String name, long float32Bytes, long packedBytes, long entropyCodedBytes) {
    }

    public record Input(String run, String checkpoint, int bits, List<StageRow> stages, List<TensorSummary> tensors,
                        List<SizeRow> sizes) {
    }

    private static final int W = 720;
    private static final int H = 360;

    private RunReport() {
    }

    /** File name to bytes: index.html and the PNG charts. */
    public static Map<String, byte[]> render(Input in) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("top1.png", png(accuracyChart("top-1", in.stages(), StageRow::top1)));
        files.put("top5.png", png(accuracyChart("top-5", in.stages(), StageRow::top5)));
        files.put("loss.png", png(lineChart("Loss on held-out data per stage", "loss", in.stages(),
                r -> r.loss())));
        files.put("frozen.png", png(lineChart("Share of weights quantized and frozen", "frozen (%)", in.stages(),
                r -> 100 * r.frozenFraction())));
        files.put("time.png", png(barChart("Training time per stage", "seconds", in.stages())));
        if (!in.tensors().isEmpty()) {
            files.put("distribution.png", png(distributionChart(in.tensors())));
        }
        files.put("index.html", html(in, files).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private interface Value {
        double of(StageRow r);
    }

    /** One accuracy per stage against the FP32 reference's (stage 0) as a dashed line. */
    private static JFreeChart accuracyChart(String which, List<StageRow> rows, Value v) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries acc = new XYSeries(which + " after the stage");
        XYSeries ref = new XYSeries("FP32 reference");
        StageRow reference = rows.stream().filter(r -> r.stage() == 0).findFirst().orElse(null);
        for (StageRow r : rows) {
            acc.add(r.stage(), 100 * v.of(r));
            if (reference != null) {
                ref.add(r.stage(), 100 * v.of(reference));
            }
        }
        data.addSeries(acc);
        data.addSeries(ref);
        JFreeChart c = ChartFactory.createXYLineChart(which + " accuracy on held-out data per stage", "stage",
                which + " (%)", data, PlotOrientation.VERTICAL, true, false, false);
        style(c);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) ((XYPlot) c.getPlot()).getRenderer();
        r.setSeriesPaint(0, new Color(200, 40, 40));
        r.setSeriesPaint(1, Color.DARK_GRAY);
        r.setSeriesShapesVisible(1, false);
        r.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        ((org.jfree.chart.axis.NumberAxis) ((XYPlot) c.getPlot()).getRangeAxis()).setAutoRangeIncludesZero(false);
        return c;
    }

    private static JFreeChart lineChart(String title, String axis, List<StageRow> rows, Value v) {
        XYSeries s = new XYSeries(axis);
        for (StageRow r : rows) {
            s.add(r.stage(), v.of(r));
        }
        JFreeChart c = ChartFactory.createXYLineChart(title, "stage", axis, new XYSeriesCollection(s),
                PlotOrientation.VERTICAL, false, false, false);
        style(c);
        return c;
    }

    private static JFreeChart barChart(String title, String axis, List<StageRow> rows) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (StageRow r : rows) {
            if (r.stage() > 0) {
                d.addValue(r.trainSeconds(), "training", "stage " + r.stage());
            }
        }
        JFreeChart c = ChartFactory.createBarChart(title, "stage", axis, d, PlotOrientation.VERTICAL, false, false, false);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    /** Per layer, the share of frozen weights at zero and at each magnitude 2^n1, 2^(n1-1), ... */
    private static JFreeChart distributionChart(List<TensorSummary> tensors) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        int maxMagnitudes = tensors.stream().mapToInt(t -> t.quantumSet().magnitudes()).max().orElse(0);
        for (TensorSummary t : tensors) {
            double[] shares = shares(t);
            d.addValue(shares[0], "0", t.name());
            for (int k = 0; k < maxMagnitudes; k++) {
                d.addValue(k + 1 < shares.length ? shares[k + 1] : 0, k == 0 ? "2^n1" : "2^(n1-" + k + ")", t.name());
            }
        }
        JFreeChart c = ChartFactory.createStackedBarChart("Quantized values per layer (share of frozen weights)",
                "layer", "share (%)", d, PlotOrientation.HORIZONTAL, true, false, false);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    /** [zero, 2^n1, 2^(n1-1), ..., 2^n2] as percentages of the frozen weights, signs merged. */
    static double[] shares(TensorSummary t) {
        int m = t.quantumSet().magnitudes();
        double[] out = new double[m + 1];
        long frozen = Math.max(1, t.frozen());
        out[0] = 100.0 * t.codeCounts()[0] / frozen;
        for (int code = 1; code < t.codeCounts().length; code++) {
            int j = (code - 1) & ((1 << (t.quantumSet().bits() - 2)) - 1); // exponent n2 + j
            out[m - j] += 100.0 * t.codeCounts()[code] / frozen;
        }
        return out;
    }

    /** Per-stage charts: the shared XY look, whole stage numbers on the x axis. */
    private static void style(JFreeChart c) {
        styleXY(c);
        ((org.jfree.chart.axis.NumberAxis) ((XYPlot) c.getPlot()).getDomainAxis()).setStandardTickUnits(
                org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
    }

    /** The look of every XY chart of the reports: white, light grid, lines with points; returns its renderer. */
    static XYLineAndShapeRenderer styleXY(JFreeChart c) {
        c.setBackgroundPaint(Color.WHITE);
        XYPlot p = (XYPlot) c.getPlot();
        p.setBackgroundPaint(new Color(250, 250, 250));
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        p.setRenderer(r);
        return r;
    }

    private static byte[] png(JFreeChart chart) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            int h = chart.getTitle().getText().startsWith("Quantized") ? Math.max(H, 120 + 22 * chartRows(chart)) : H;
            ChartUtils.writeChartAsPNG(out, chart, W, h);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int chartRows(JFreeChart c) {
        return ((org.jfree.chart.plot.CategoryPlot) c.getPlot()).getDataset().getColumnCount();
    }

    private static String html(Input in, Map<String, byte[]> charts) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>INQ report: ")
                .append(esc(in.run())).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:60em}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;"
                        + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
                        + "img{display:block;margin:1em 0;border:1px solid #eee}</style></head><body>\n");
        h.append("<h1>INQ report</h1>\n<p>Run <code>").append(esc(in.run())).append("</code>, ").append(in.bits())
                .append("-bit, newest stage commit <code>").append(esc(in.checkpoint())).append("</code>.</p>\n");
        h.append("<h2>Stages</h2>\n<table id=\"stages\"><tr><th>stage</th><th>portion</th><th>frozen</th><th>top-1</th>"
                + "<th>top-5</th><th>loss</th><th>examples</th><th>train s</th><th>examples/s</th><th>trainer</th></tr>\n");
        for (StageRow r : in.stages()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%d/%d</td><td>%.3f</td><td>%.2f%%</td><td>%.2f%%</td>"
                            + "<td>%.2f%%</td><td>%.4f</td><td>%,d</td><td>%.1f</td><td>%.1f</td><td>%s</td></tr>%n",
                    r.stage(), r.stages(), r.portion(), 100 * r.frozenFraction(), 100 * r.top1(), 100 * r.top5(), r.loss(),
                    r.evalExamples(), r.trainSeconds(), r.examplesPerSecond(), esc(r.trainer())));
        }
        h.append("</table>\n");
        for (String name : List.of("top1.png", "top5.png", "loss.png", "frozen.png", "time.png")) {
            img(h, name, charts.get(name));
        }
        if (!in.tensors().isEmpty()) {
            h.append("<h2>Quantized values per layer</h2>\n<p>Share of each layer's frozen weights at zero and at each"
                    + " magnitude 2^n1 (the largest) down to 2^n2, signs merged (the paper's Table 6). <em>bits</em> is"
                    + " ceil(log2(distinct values used)): what a fixed-length code of the layer really needs.</p>\n");
            img(h, "distribution.png", charts.get("distribution.png"));
            int m = in.tensors().stream().mapToInt(t -> t.quantumSet().magnitudes()).max().orElse(0);
            h.append("<table id=\"layers\"><tr><th>layer</th><th>weights</th><th>frozen</th><th>n1</th><th>distinct</th>"
                    + "<th>bits</th><th>0</th>");
            for (int k = 0; k < m; k++) {
                h.append("<th>").append(k == 0 ? "2^n1" : "2^(n1-" + k + ")").append("</th>");
            }
            h.append("</tr>\n");
            for (TensorSummary t : in.tensors()) {
                double[] s = shares(t);
                h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%,d</td><td>%d</td><td>%d</td><td>%d</td>",
                        esc(t.name()), t.count(), t.frozen(), t.quantumSet().n1(), t.distinctValues(), t.bitsNeeded()));
                for (int k = 0; k <= m; k++) {
                    h.append(String.format(Locale.ROOT, "<td>%.2f%%</td>", k < s.length ? s[k] : 0.0));
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        if (in.sizes() != null && !in.sizes().isEmpty()) {
            h.append("<h2>Compression</h2>\n<table id=\"sizes\"><tr><th>tensor</th><th>float32 bytes</th>"
                    + "<th>packed bytes</th><th>entropy-coded bytes</th><th>ratio (float32 / entropy-coded)</th></tr>\n");
            for (SizeRow r : in.sizes()) {
                h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%.1fx</td></tr>%n",
                        esc(r.name()), r.float32Bytes(), r.packedBytes(), r.entropyCodedBytes(),
                        (double) r.float32Bytes() / Math.max(1, r.entropyCodedBytes())));
            }
            h.append("</table>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void img(StringBuilder h, String name, byte[] png) {
        h.append("<img alt=\"").append(name).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
