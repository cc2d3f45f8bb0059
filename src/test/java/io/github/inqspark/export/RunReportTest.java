package io.github.inqspark.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.QuantumSet;
import io.github.inqspark.core.TensorSummary;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The report's content: hand-computed shares, every chart a real PNG, the tables filled. */
class RunReportTest {

    /** 3 bits: P_l = {0, ±2^n2, ±2^n1}; codes 0 (zero), 1 (+2^n2), 2 (+2^n1), 3 (-2^n2), 4 (-2^n1). */
    static TensorSummary summary(String name) {
        QuantumSet q = new QuantumSet(-1, -2, 3);
        return new TensorSummary(name, 10, 8, q, new long[] {2, 1, 3, 0, 2});
    }

    static RunReport.Input input() {
        List<RunReport.StageRow> stages = List.of(
                new RunReport.StageRow(0, 2, 0, 0, 0.90, 0.99, 0.4, 1000, 0, 0, "reference"),
                new RunReport.StageRow(1, 2, 0.5, 0.5, 0.91, 0.99, 0.35, 1000, 12.5, 800, "local"),
                new RunReport.StageRow(2, 2, 1, 1, 0.92, 1.0, 0.3, 1000, 0.0, 0, "local"));
        return new RunReport.Input("file:/runs/<x>", "stage-002", 3, stages, List.of(summary("conv1/W"), summary("fc/W")),
                List.of(new RunReport.SizeRow("conv1/W", 40, 4, 3)));
    }

    @Test
    void sharesMergeSignsAndCountFrozenWeightsOnly() {
        // frozen 8: zero 2 -> 25%; 2^n1: codes 2 and 4 -> 5 -> 62.5%; 2^n2: codes 1 and 3 -> 1 -> 12.5%
        assertArrayEquals(new double[] {25, 62.5, 12.5}, RunReport.shares(summary("t")), 1e-12);
    }

    @Test
    void everyChartIsAPngAndThePageHoldsTheTables() throws Exception {
        Map<String, byte[]> files = RunReport.render(input());
        assertEquals(List.of("top1.png", "top5.png", "loss.png", "frozen.png", "time.png", "distribution.png", "index.html"),
                List.copyOf(files.keySet()));
        for (var f : files.entrySet()) {
            if (f.getKey().endsWith(".png")) {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(f.getValue()));
                assertEquals(720, img.getWidth(), f.getKey());
            }
        }
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("file:/runs/&lt;x&gt;"), "names are escaped");
        assertEquals(6, html.split("data:image/png;base64,", -1).length - 1, "six charts embedded");
        assertTrue(html.contains("<td>1/2</td><td>0.500</td><td>50.00%</td><td>91.00%</td>"), "stage row");
        assertTrue(html.contains("<td>conv1/W</td><td>10</td><td>8</td><td>-1</td><td>4</td><td>2</td>"
                + "<td>25.00%</td><td>62.50%</td><td>12.50%</td>"), "layer row");
        assertTrue(html.contains("<td>conv1/W</td><td>40</td><td>4</td><td>3</td><td>13.3x</td>"), "compression row");
    }
}
