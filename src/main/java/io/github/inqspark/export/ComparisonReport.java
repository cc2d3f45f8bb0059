package io.github.inqspark.export;

import java.awt.BasicStroke;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Several runs side by side: a markdown table (one row per cell; runs sharing a cell label are
 * seeds, shown as mean and sample standard deviation) and a chart of top-1 per stage against the
 * share of weights frozen. The change in test error is taken per run against that run's own
 * reference (its stage 0), then averaged, so seeds with different references pair correctly.
 */
public final class ComparisonReport {

    private ComparisonReport() {
    }

    /** One stage of a run: frozen share in [0, 1] and top-1/top-5 in [0, 1]. */
    public record Point(double frozenFraction, double top1, double top5) {
    }

    /**
     * One run, or one plain evaluation (a single point with frozenFraction 0 and no reference).
     * {@code points.get(0)} is the reference when {@code hasReference}.
     */
    public record Run(String path, List<Point> points, boolean hasReference, double trainSeconds) {
    }

    public record Cell(String label, List<Run> runs) {
    }

    /** File name to bytes: table.md and top1-per-stage.png. */
    public static Map<String, byte[]> render(List<Cell> cells) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("table.md", table(cells).getBytes(StandardCharsets.UTF_8));
        files.put("top1-per-stage.png", png(chart(cells)));
        return files;
    }

    static String table(List<Cell> cells) {
        StringBuilder t = new StringBuilder();
        t.append("| cell | runs | reference top-1 (%) | final top-1 (%) | change in test error (pp) | final top-5 (%) | stages | training (s) |\n");
        t.append("|---|---|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            List<Double> ref = new ArrayList<>();
            List<Double> fin = new ArrayList<>();
            List<Double> top5 = new ArrayList<>();
            List<Double> delta = new ArrayList<>();
            double seconds = 0;
            int stages = 0;
            for (Run r : c.runs()) {
                Point last = r.points().get(r.points().size() - 1);
                fin.add(100 * last.top1());
                top5.add(100 * last.top5());
                if (r.hasReference()) {
                    Point first = r.points().get(0);
                    ref.add(100 * first.top1());
                    delta.add(100 * (first.top1() - last.top1()));
                }
                seconds += r.trainSeconds();
                stages = Math.max(stages, r.points().size() - (r.hasReference() ? 1 : 0));
            }
            t.append("| ").append(c.label()).append(" | ").append(c.runs().size()).append(" | ")
                    .append(ref.isEmpty() ? "" : meanSd(ref, 2)).append(" | ").append(meanSd(fin, 2)).append(" | ")
                    .append(delta.isEmpty() ? "" : signed(delta)).append(" | ").append(meanSd(top5, 2)).append(" | ")
                    .append(ref.isEmpty() ? "" : Integer.toString(stages)).append(" | ")
                    .append(ref.isEmpty() ? "" : String.format(Locale.ROOT, "%.0f", seconds / c.runs().size()))
                    .append(" |\n");
        }
        return t.toString();
    }

    /** "mean" for one value, "mean ± sd" (sample standard deviation) for several. */
    static String meanSd(List<Double> xs, int decimals) {
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        String m = String.format(Locale.ROOT, "%." + decimals + "f", mean);
        if (xs.size() < 2) {
            return m;
        }
        double ss = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return m + String.format(Locale.ROOT, " ± %." + decimals + "f", Math.sqrt(ss / (xs.size() - 1)));
    }

    private static String signed(List<Double> deltas) {
        String s = meanSd(deltas, 2);
        return s.startsWith("-") ? s : "+" + s;
    }

    /** Mean top-1 per stage of each cell that has stages, against the frozen share. */
    private static JFreeChart chart(List<Cell> cells) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Cell c : cells) {
            List<Run> runs = c.runs().stream().filter(Run::hasReference).toList();
            if (runs.isEmpty()) {
                continue;
            }
            int n = runs.stream().mapToInt(r -> r.points().size()).min().orElse(0);
            XYSeries s = new XYSeries(c.label());
            for (int i = 0; i < n; i++) {
                double x = 0;
                double y = 0;
                for (Run r : runs) {
                    x += r.points().get(i).frozenFraction();
                    y += r.points().get(i).top1();
                }
                s.add(100 * x / runs.size(), 100 * y / runs.size());
            }
            data.addSeries(s);
        }
        JFreeChart c = ChartFactory.createXYLineChart("Test top-1 after each stage (mean over seeds)",
                "weights quantized and frozen (%)", "top-1 (%)", data, PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer r = RunReport.styleXY(c);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        ((NumberAxis) ((XYPlot) c.getPlot()).getRangeAxis()).setAutoRangeIncludesZero(false);
        return c;
    }

    private static byte[] png(JFreeChart chart) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ChartUtils.writeChartAsPNG(out, chart, 900, 520);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
