package io.github.inqspark.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ComparisonReportTest {

    private static ComparisonReport.Run run(double ref, double mid, double fin, double seconds) {
        return new ComparisonReport.Run("r", List.of(new ComparisonReport.Point(0, ref, 0.99),
                new ComparisonReport.Point(0.5, mid, 0.99), new ComparisonReport.Point(1, fin, 0.98)), true, seconds);
    }

    @Test
    void seedsArePairedWithTheirOwnReferenceThenAveraged() {
        // seed 1: 90 -> 91 (error -1 pp); seed 2: 92 -> 90 (error +2 pp): mean +0.5, sd sqrt(4.5) = 2.12
        String table = ComparisonReport.table(List.of(new ComparisonReport.Cell("5 bits",
                List.of(run(0.90, 0.905, 0.91, 10), run(0.92, 0.91, 0.90, 30)))));
        assertTrue(table.contains("| 5 bits | 2 | 91.00 ± 1.41 | 90.50 ± 0.71 | +0.50 ± 2.12 | 98.00 ± 0.00 | 2 | 20 |"), table);
    }

    @Test
    void aPlainEvaluationHasNoReferenceOrChange() {
        String table = ComparisonReport.table(List.of(new ComparisonReport.Cell("FP32",
                List.of(new ComparisonReport.Run("a.json", List.of(new ComparisonReport.Point(0, 0.8912, 0.998)), false, 0)))));
        assertTrue(table.contains("| FP32 | 1 |  | 89.12 |  | 99.80 |  |  |"), table);
    }

    @Test
    void aLossIsSignedAndAGainNegative() {
        assertTrue(ComparisonReport.table(List.of(new ComparisonReport.Cell("x", List.of(run(0.9, 0.9, 0.8975, 1)))))
                .contains("| +0.25 |"));
        assertTrue(ComparisonReport.table(List.of(new ComparisonReport.Cell("x", List.of(run(0.9, 0.9, 0.9025, 1)))))
                .contains("| -0.25 |"));
    }

    @Test
    void meanAndSampleStandardDeviation() {
        assertEquals("2.00 ± 1.00", ComparisonReport.meanSd(List.of(1.0, 2.0, 3.0), 2));
        assertEquals("1.5", ComparisonReport.meanSd(List.of(1.5), 1));
    }

    @Test
    void rendersATableAndAChart() throws Exception {
        Map<String, byte[]> files = ComparisonReport.render(List.of(
                new ComparisonReport.Cell("a", List.of(run(0.9, 0.9, 0.9, 1))),
                new ComparisonReport.Cell("b", List.of(run(0.9, 0.8, 0.7, 1)))));
        assertTrue(new String(files.get("table.md"), StandardCharsets.UTF_8).startsWith("| cell | runs |"));
        assertEquals(900, ImageIO.read(new ByteArrayInputStream(files.get("top1-per-stage.png"))).getWidth());
    }
}
